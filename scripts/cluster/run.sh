#!/bin/sh
# `make run-cluster`: Guichet as a cluster on this machine (docs/operations.md):
# etcd, two PostgreSQL 15 servers under Patroni (a primary and its
# synchronous standby), three guichetd, HAProxy on 127.0.0.1:8080 in front
# of them and of the primary; the registers, the demo OpenID provider and
# the mail server as `make run` starts them. Everything the cluster keeps is
# in var/cluster/. Prints what it started; Ctrl-C stops everything.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
. scripts/demo.sh
. scripts/cluster/lib.sh
mkdir -p var
CLUSTER_DIR="$ROOT/var/cluster"
PORT=${GUICHET_LISTEN_PORT:-8080}
IDP_PORT=${IDP_PORT:-9000}
MAIL_PORT=${MAIL_PORT:-1025}
MAIL_WEB_PORT=${MAIL_WEB_PORT:-1080}
INSTANCES=${CLUSTER_GUICHETD:-3}
SITE="http://127.0.0.1:$PORT"

pids=""
cleanup() {
	trap - EXIT INT TERM
	echo "Stopping the cluster ..." >&2
	sh scripts/cluster/down.sh "$CLUSTER_DIR" || true
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

demo_registers
demo_idp
demo_mail

GUICHETD_PORTS=""
i=0
while [ $i -lt "$INSTANCES" ]; do
	GUICHETD_PORTS="$GUICHETD_PORTS $(free_port)"
	i=$((i + 1))
done
GUICHETD_PORTS=${GUICHETD_PORTS# }
echo "Starting etcd, PostgreSQL under Patroni (two servers) and HAProxy in var/cluster/ ..."
WEB_PORT=$PORT GUICHETD_PORTS=$GUICHETD_PORTS sh scripts/cluster/up.sh "$CLUSTER_DIR"
. "$CLUSTER_DIR/cluster.env"

# Three guichetd on one database, all behind HAProxy: the same site URL,
# the same receipt key (the first one makes it), each its own log.
export GUICHET_STORE_BACKEND=postgresql GUICHET_STORE_POSTGRESQL_CONNINFO="$PG_CONNINFO" \
	GUICHET_MAIL_HOST=127.0.0.1 GUICHET_MAIL_PORT=$MAIL_PORT GUICHET_SITE_URL=$SITE \
	GUICHET_OIDC_ISSUER="http://127.0.0.1:$IDP_PORT" GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" \
	GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI="$SITE/" GUICHET_RECEIPTS_KEY_FILE="$CLUSTER_DIR/receipt-signing.key" \
	GUICHET_TRANSLOG_KEY_FILE="$CLUSTER_DIR/translog-signing.key" GUICHET_MAIL_CODE_KEY_FILE="$CLUSTER_DIR/mail-code.key" \
	GUICHET_LIMITS_RATE_TRUST_FORWARDED_FOR=true
i=1
for p in $GUICHETD_PORTS; do
	GUICHET_LISTEN_PORT=$p GUICHET_LOG_PATH="$CLUSTER_DIR/guichetd-$i.log" \
		spawn "guichetd-$i" "$CLUSTER_DIR/guichetd-$i.stderr" "$ROOT/build/release/guichetd" --config etc/guichet.conf
	# The first applies the migrations and makes the keys (receipts, transparency log, mail codes).
	[ $i -gt 1 ] || wait_url "http://127.0.0.1:$p/readyz" 30 "$CLUSTER_DIR/guichetd-$i.log"
	i=$((i + 1))
done
i=1
for p in $GUICHETD_PORTS; do
	wait_url "http://127.0.0.1:$p/readyz" 30 "$CLUSTER_DIR/guichetd-$i.log"
	i=$((i + 1))
done
wait_url "$SITE/readyz" 10 "$CLUSTER_DIR/haproxy.log"

DEMO_KEYS=var/cluster/org-client
demo_backoffice
demo_message
GLIST=$(i=1; for p in $GUICHETD_PORTS; do printf '                       guichetd-%d 127.0.0.1:%s (log var/cluster/guichetd-%d.log)\n' $i "$p" $i; i=$((i + 1)); done)
cat <<MSG

  started (docs/operations.md says what each does):
    HAProxy            $SITE/ -> the guichetd below (those whose /readyz says ready);
                       127.0.0.1:$PG_PORT -> the PostgreSQL primary (Patroni's /primary);
                       statistics http://127.0.0.1:$STATS_PORT/
    guichetd x $INSTANCES       one database ($PG_CONNINFO)
$GLIST
    PostgreSQL 15      pg1 127.0.0.1:$PG1_PORT, pg2 127.0.0.1:$PG2_PORT: a primary and its synchronous
                       standby, each under Patroni (REST 127.0.0.1:$PG1_API, 127.0.0.1:$PG2_API)
                       who is which: patronictl -c var/cluster/pg1/patroni.yml list
    etcd               http://127.0.0.1:$ETCD_PORT (Patroni's leader key)
    identity provider  http://127.0.0.1:$IDP_PORT/   (the synthetic population, log var/idp.log)
    registers          persons, companies, vehicles, social_security, income_tax,
                       driving_licences: registryd on 127.0.0.1:9101..9106 ($REG/*.db)
    mail server        maildev: SMTP 127.0.0.1:$MAIL_PORT, web http://127.0.0.1:$MAIL_WEB_PORT/

  Data and logs: var/cluster/ (pg1/, pg2/, etcd/, haproxy.log, guichetd-N.log).
  Press Ctrl-C to stop.

MSG
wait
