#!/bin/sh
# `make run-cluster`: Guichet as a cluster on this machine (docs/operations.md):
# etcd, two PostgreSQL 15 servers under Patroni (a primary and its
# synchronous standby), three guichetd, HAProxy on 127.0.0.1:8080 in front
# of them and of the primary; the registers, the demo OpenID provider, the
# mail server and the transparency log's witness as `make run` starts them.
# Everything the cluster keeps is in var/cluster/. Prints what it started;
# Ctrl-C stops everything.
set -eu
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
. scripts/demo.sh
. scripts/cluster/lib.sh
mkdir -p var
CLUSTER_DIR="$ROOT/var/cluster"
# As root, the cluster's servers run as "postgres" (lib.sh). When a folder
# above this checkout is closed to others (a 0700 home, a CI's work folder),
# postgres cannot reach var/: the cluster then keeps its data in a folder of
# its own under /var/tmp, and var/cluster is a link to it.
if [ "$(id -u)" -eq 0 ] && ! (cd / && setpriv --reuid=postgres --regid=postgres --init-groups test -x "$ROOT/var"); then
	if [ ! -L "$CLUSTER_DIR" ] || [ ! -d "$CLUSTER_DIR" ]; then
		if [ -e "$CLUSTER_DIR" ] && [ ! -L "$CLUSTER_DIR" ]; then
			echo "cluster: the postgres user cannot reach $CLUSTER_DIR (a folder above it is closed to others); move it away or open the folders above it" >&2
			exit 1
		fi
		rm -f "$CLUSTER_DIR"
		ln -s "$(mktemp -d /var/tmp/guichet-cluster.XXXXXX)" "$CLUSTER_DIR"
	fi
fi
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
# A new database is a new transparency log: the witness starts again with it.
[ -d "$CLUSTER_DIR/pg1/data" ] || rm -f "$CLUSTER_DIR/witness/state.json"
echo "Starting etcd, PostgreSQL under Patroni (two servers) and HAProxy in var/cluster/ ..."
WEB_PORT=$PORT GUICHETD_PORTS=$GUICHETD_PORTS sh scripts/cluster/up.sh "$CLUSTER_DIR"
. "$CLUSTER_DIR/cluster.env"

# Three guichetd on one database, all behind HAProxy: the same site URL,
# the same secrets — the receipt key, the transparency log's key, the mail
# codes' key (the first guichetd makes those it does not find) —, each its
# own log.
export GUICHET_STORE_BACKEND=postgresql GUICHET_STORE_POSTGRESQL_CONNINFO="$PG_CONNINFO" \
	GUICHET_MAIL_HOST=127.0.0.1 GUICHET_MAIL_PORT=$MAIL_PORT GUICHET_SITE_URL=$SITE \
	GUICHET_OIDC_ISSUER="http://127.0.0.1:$IDP_PORT" GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" \
	GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI="$SITE/" GUICHET_RECEIPTS_KEY_FILE="$CLUSTER_DIR/receipt-signing.key" \
	GUICHET_TRANSLOG_KEY_FILE="$CLUSTER_DIR/translog-signing.key" \
	GUICHET_MAIL_CODE_KEY_FILE="$CLUSTER_DIR/mail-code.key" \
	GUICHET_LIMITS_RATE_TRUST_FORWARDED_FOR=true
demo_witness_keys "$CLUSTER_DIR/witness"
[ "$(id -u)" -ne 0 ] || chown postgres: "$CLUSTER_DIR/translog-signing.key"
export GUICHET_TRANSLOG_WITNESSES="$WITNESS_KEY"
i=1
for p in $GUICHETD_PORTS; do
	GUICHET_LISTEN_PORT=$p GUICHET_LOG_PATH="$CLUSTER_DIR/guichetd-$i.log" \
		spawn_as_caller "guichetd-$i" "$CLUSTER_DIR/guichetd-$i.stderr" "$ROOT/build/release/guichetd" --config etc/guichet.conf
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
demo_witness_run "$CLUSTER_DIR/witness" "$CLUSTER_DIR/witness.log"

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
                       correction requests: http://127.0.0.1:9101/operator/corrections (persons;
                       9102.. the others), user registry-operator, key demo-registry-operator-key-0003
    mail server        maildev: SMTP 127.0.0.1:$MAIL_PORT, web http://127.0.0.1:$MAIL_WEB_PORT/
    witness            guichet-witness, cosigning the access log's checkpoints (whichever
                       guichetd signed them) every 10 s (var/cluster/witness/, log var/cluster/witness.log)

  Data and logs: var/cluster/ (pg1/, pg2/, etcd/, haproxy.log, guichetd-N.log).
  Press Ctrl-C to stop.

MSG
wait
