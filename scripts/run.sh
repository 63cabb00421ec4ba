#!/bin/sh
# `make run`: starts the stack on the embedded default (SQLite): the
# registers with a synthetic population, the demo OpenID provider, a
# development SMTP server with a web interface (maildev: it keeps every
# mail and relays none), guichetd and the transparency log's witness
# (scripts/demo.sh, shared with make run-cluster). Tells the user what to
# open and how to log in. Ctrl-C stops everything it started.
set -eu
cd "$(dirname "$0")/.."
. scripts/demo.sh
mkdir -p var
PORT=${GUICHET_LISTEN_PORT:-8080}
IDP_PORT=${IDP_PORT:-9000}
MAIL_PORT=${MAIL_PORT:-1025}
MAIL_WEB_PORT=${MAIL_WEB_PORT:-1080}
SITE="http://127.0.0.1:$PORT"

pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

demo_registers
demo_idp
demo_mail

# A new demo database is a new log: the witness starts again with it (else
# it would rightly refuse the new, shorter history as a fork).
[ -f var/guichet.db ] || rm -f var/witness/state.json
demo_witness_keys var/witness

GUICHET_MAIL_HOST=127.0.0.1 GUICHET_MAIL_PORT=$MAIL_PORT GUICHET_TRANSLOG_WITNESSES="$WITNESS_KEY" \
	GUICHET_LISTEN_PORT=$PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER="http://127.0.0.1:$IDP_PORT" \
	GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI="$SITE/" \
	GUICHET_LOG_PATH=var/guichetd.log build/release/guichetd --config etc/guichet.conf &
pids="$pids $!"
demo_wait_for "$SITE/healthz" var/guichetd.log

demo_witness_run var/witness var/witness.log
demo_backoffice
demo_message

cat <<MSG

  started:
    guichetd           $SITE/   (var/guichet.db, log var/guichetd.log)
                       health /healthz, readiness /readyz, metrics /metrics,
                       the operator dashboard /operator
    identity provider  http://127.0.0.1:$IDP_PORT/   (the synthetic population, log var/idp.log)
    registers          persons, companies, vehicles, social_security, income_tax,
                       driving_licences: registryd on 127.0.0.1:9101..9106 ($REG/*.db)
                       correction requests: http://127.0.0.1:9101/operator/corrections (persons;
                       9102.. the others), user registry-operator, key demo-registry-operator-key-0003
    mail server        maildev: SMTP 127.0.0.1:$MAIL_PORT, web http://127.0.0.1:$MAIL_WEB_PORT/
                       (var/maildev/, log var/maildev.log)
    witness            guichet-witness, cosigning the access log's checkpoints every 10 s
                       (var/witness/, log var/witness.log)

  Press Ctrl-C to stop.

MSG
wait
