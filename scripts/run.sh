#!/bin/sh
# `make run`: starts the stack on the embedded default (SQLite): the
# registers with a synthetic population, the demo OpenID provider, a
# development SMTP server with a web interface (maildev: it keeps every
# mail and relays none), guichetd. Tells the user what to open and how to log in.
# Ctrl-C stops everything it started.
set -eu
cd "$(dirname "$0")/.."
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

wait_for() { # url, log
	i=0
	until curl -fsS "$1" >/dev/null 2>&1; do
		i=$((i + 1))
		if [ $i -gt 150 ]; then
			echo "$1 did not come up; see $2" >&2
			tail -n 20 "$2" >&2
			exit 1
		fi
		sleep 0.1
	done
}

# The synthetic population, generated once (deterministic: seed 1).
REG=var/registers
if [ ! -f "$REG/persons.db" ]; then
	echo "Generating the synthetic population (10,000 persons) into $REG ..."
	rm -rf "$REG"
	build/release/guichetctl seed --persons "${GUICHET_DEMO_PERSONS:-10000}" --seed 1 --out "$REG" \
		--idp-population "$REG/idp-population.json" >/dev/null
fi

# One registryd per register, on 9101..9106 (etc/registers.json points there).
port=9101
for r in persons companies vehicles social_security income_tax driving_licences; do
	GUICHET_LOG_PATH="var/registryd-$r.log" build/release/registryd --register "registers/$r.json" \
		--db "$REG/$r.db" --clients etc/registry-clients.json --port $port --threads 1 &
	pids="$pids $!"
	port=$((port + 1))
done
for p in 9101 9102 9103 9104 9105 9106; do wait_for "http://127.0.0.1:$p/healthz" var/registryd-persons.log; done

# The identity provider: the demo population logs in with one password.
IDP_PORT=$IDP_PORT IDP_REDIRECT_URIS="$SITE/auth/callback" IDP_POST_LOGOUT_REDIRECT_URIS="$SITE/" \
	IDP_POPULATION="$REG/idp-population.json" IDP_KEYS_FILE=var/idp-keys.json node idp/server.mjs >var/idp.log 2>&1 &
pids="$pids $!"
wait_for "http://127.0.0.1:$IDP_PORT/.well-known/openid-configuration" var/idp.log

# The development SMTP server: SMTP and its web interface on this machine
# only, no relay (no --outgoing-* or --auto-relay option), the mails kept in
# var/maildev. curl's smtp:// asks it HELP, which it answers once it listens.
node_modules/.bin/maildev --ip 127.0.0.1 --smtp "$MAIL_PORT" --web-ip 127.0.0.1 --web "$MAIL_WEB_PORT" \
	--mail-directory var/maildev >var/maildev.log 2>&1 &
pids="$pids $!"
wait_for "http://127.0.0.1:$MAIL_WEB_PORT/api/healthz" var/maildev.log
wait_for "smtp://127.0.0.1:$MAIL_PORT/" var/maildev.log

# The transparency log's witness (docs/transparency.md): its own key, made
# once; guichetd is told to trust it, and it follows guichetd's checkpoints.
# In production someone else runs it (the data protection authority).
mkdir -p var/witness
# A new demo database is a new log: the witness starts again with it (else
# it would rightly refuse the new, shorter history as a fork).
[ -f var/guichet.db ] || rm -f var/witness/state.json
if [ ! -f var/witness/key ]; then
	build/release/guichet-witness keygen --name witness.localhost/demo --key var/witness/key >/dev/null
fi
WITNESS_KEY=$(build/release/guichet-witness vkey --key var/witness/key)
LOG_KEY=$(build/release/guichetctl translog key --config etc/guichet.conf)

GUICHET_MAIL_HOST=127.0.0.1 GUICHET_MAIL_PORT=$MAIL_PORT GUICHET_TRANSLOG_WITNESSES="$WITNESS_KEY" \
	GUICHET_LISTEN_PORT=$PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER="http://127.0.0.1:$IDP_PORT" \
	GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI="$SITE/" \
	GUICHET_LOG_PATH=var/guichetd.log build/release/guichetd --config etc/guichet.conf &
pids="$pids $!"
wait_for "$SITE/healthz" var/guichetd.log

build/release/guichet-witness run --key var/witness/key --state var/witness/state.json \
	--log "$SITE/transparency/v1" "$LOG_KEY" --interval 10 --log-file var/witness.log &
pids="$pids $!"

EXAMPLE=$(node -e 'const p=require("./'"$REG"'/demo-persons.json")[0]; console.log(p.national_id + " (" + p.given_name + " " + p.family_name + ")")')

# The back office: three organisations, each with an administrator, a
# supervisor and a case handler from the synthetic population,
# and the commune's case system as a machine client (its key under var/).
CTL=build/release/guichetctl
AGENTS=$(node -e '
const p = require("./'"$REG"'/idp-population.json");
const orgs = ["commune", "snca", "cns"], roles = ["admin", "supervisor", "handler"];
let i = 100;
for (const o of orgs) for (const r of roles) { const x = p[i++]; console.log(o, x.national_id, r, x.given_name + " " + x.family_name); }')
echo "$AGENTS" | while read -r org nid role name; do
	$CTL org agents add "$org" "$nid" --role "$role" --config etc/guichet.conf >/dev/null
done
KEYS=var/org-client
if ! $CTL org clients list commune --config etc/guichet.conf 2>/dev/null | grep -q 'commune-demo'; then
	mkdir -p "$KEYS"
	$CTL org clients keygen --private "$KEYS/commune.private.jwk" --public "$KEYS/commune.public.jwk" 2>/dev/null
	$CTL org clients add commune --id commune-demo --jwk "$KEYS/commune.public.jwk" \
		--scopes submissions.read,submissions.write,registers.read --config etc/guichet.conf >/dev/null
fi
AGENT_LINES=$(echo "$AGENTS" | awk '{ name = $4; for (i = 5; i <= NF; i++) name = name " " $i; printf "      %-8s %-11s %s (%s)\n", $1, $3, $2, name }')

cat <<MSG

  Guichet is running. Open $SITE/

  Log in: choose "Log in", then type a national identification number
  (for example $EXAMPLE) or pick a person from the list,
  with the demo password: guichet-demo

  The agents' back office: $SITE/backoffice, logged in as an agent:
$AGENT_LINES

  The organisation API (api/org-openapi.json, docs/backoffice-api.md), as the
  commune's case system (client commune-demo, key $KEYS/commune.private.jwk):
    A=\$($CTL org client-assertion --key $KEYS/commune.private.jwk --client commune-demo \\
        --audience $SITE/api/org/v1/token)
    T=\$(curl -s $SITE/api/org/v1/token -d grant_type=client_credentials \\
        -d client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer \\
        -d client_assertion=\$A | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/')
    curl -s -H "Authorization: Bearer \$T" $SITE/api/org/v1/submissions

  Who accessed my data: $SITE/access-log (logged in). The transparency log:
    curl -s $SITE/transparency/v1/checkpoint      # signed, cosigned by the witness
    $CTL translog verify --config etc/guichet.conf  # the whole tree, recomputed

  mails: http://127.0.0.1:$MAIL_WEB_PORT/
  Every notification lands there (maildev, SMTP on 127.0.0.1:$MAIL_PORT; nothing
  leaves this machine). To see one now:
    $CTL mail test --to someone@example.org --kind document --lang en --config etc/guichet.conf

  started:
    guichetd           $SITE/   (var/guichet.db, log var/guichetd.log)
                       health /healthz, readiness /readyz, metrics /metrics
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
