#!/bin/sh
# `make run`: starts the stack on the embedded default (SQLite): the
# registers with a synthetic population, the demo OpenID provider, guichetd. Tells the user what to open and how to log in.
# Ctrl-C stops everything it started.
set -eu
cd "$(dirname "$0")/.."
mkdir -p var
PORT=${GUICHET_LISTEN_PORT:-8080}
IDP_PORT=${IDP_PORT:-9000}
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

GUICHET_LISTEN_PORT=$PORT GUICHET_SITE_URL=$SITE GUICHET_OIDC_ISSUER="http://127.0.0.1:$IDP_PORT" \
	GUICHET_OIDC_REDIRECT_URI="$SITE/auth/callback" GUICHET_OIDC_POST_LOGOUT_REDIRECT_URI="$SITE/" \
	GUICHET_LOG_PATH=var/guichetd.log build/release/guichetd --config etc/guichet.conf &
pids="$pids $!"
wait_for "$SITE/healthz" var/guichetd.log

EXAMPLE=$(node -e 'const p=require("./'"$REG"'/demo-persons.json")[0]; console.log(p.national_id + " (" + p.given_name + " " + p.family_name + ")")')

cat <<MSG

  Guichet is running. Open $SITE/

  Log in: choose "Log in", then type a national identification number
  (for example $EXAMPLE) or pick a person from the list,
  with the demo password: guichet-demo

  started:
    guichetd           $SITE/   (var/guichet.db, log var/guichetd.log)
                       health /healthz, readiness /readyz, metrics /metrics
    identity provider  http://127.0.0.1:$IDP_PORT/   (the synthetic population, log var/idp.log)
    registers          persons, companies, vehicles, social_security, income_tax,
                       driving_licences: registryd on 127.0.0.1:9101..9106 ($REG/*.db)

  Press Ctrl-C to stop.

MSG
wait
