# Sourced by scripts/run.sh (make run) and scripts/cluster/run.sh (make
# run-cluster): what both start beside guichetd — the registers with a
# synthetic population, the demo OpenID provider, a development SMTP server
# (maildev: it keeps every mail and relays none), the transparency log's
# witness — and the demo's organisations, operator and spaces. The caller sets SITE, IDP_PORT, MAIL_PORT,
# MAIL_WEB_PORT and pids (what the exit trap stops), and runs from the
# repository's root.

REG=var/registers

demo_wait_for() { # url, log
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

# The synthetic population (generated once, deterministic: seed 1), and one
# registryd per register on 9101..9106 (etc/registers.json points there).
demo_registers() {
	if [ ! -f "$REG/persons.db" ]; then
		echo "Generating the synthetic population (10,000 persons) into $REG ..."
		rm -rf "$REG"
		build/release/guichetctl seed --persons "${GUICHET_DEMO_PERSONS:-10000}" --seed 1 --out "$REG" \
			--idp-population "$REG/idp-population.json" >/dev/null
	fi
	port=9101
	for r in persons companies vehicles social_security income_tax driving_licences; do
		GUICHET_LOG_PATH="var/registryd-$r.log" build/release/registryd --register "registers/$r.json" \
			--db "$REG/$r.db" --clients etc/registry-clients.json --port $port --threads 1 &
		pids="$pids $!"
		port=$((port + 1))
	done
	for p in 9101 9102 9103 9104 9105 9106; do demo_wait_for "http://127.0.0.1:$p/healthz" var/registryd-persons.log; done
}

# The identity provider: the demo population logs in with one password.
demo_idp() {
	IDP_PORT=$IDP_PORT IDP_REDIRECT_URIS="$SITE/auth/callback" IDP_POST_LOGOUT_REDIRECT_URIS="$SITE/" \
		IDP_POPULATION="$REG/idp-population.json" IDP_KEYS_FILE=var/idp-keys.json node idp/server.mjs >var/idp.log 2>&1 &
	pids="$pids $!"
	demo_wait_for "http://127.0.0.1:$IDP_PORT/.well-known/openid-configuration" var/idp.log
}

# The development SMTP server: SMTP and its web interface on this machine
# only, no relay (no --outgoing-* or --auto-relay option), the mails kept in
# var/maildev. curl's smtp:// asks it HELP, which it answers once it listens.
demo_mail() {
	node_modules/.bin/maildev --ip 127.0.0.1 --smtp "$MAIL_PORT" --web-ip 127.0.0.1 --web "$MAIL_WEB_PORT" \
		--mail-directory var/maildev >var/maildev.log 2>&1 &
	pids="$pids $!"
	demo_wait_for "http://127.0.0.1:$MAIL_WEB_PORT/api/healthz" var/maildev.log
	demo_wait_for "smtp://127.0.0.1:$MAIL_PORT/" var/maildev.log
}

# The back office: three organisations, each with an administrator, a
# supervisor and a case handler from the synthetic population, and the
# commune's case system as a machine client (its key under var/). guichetctl
# reaches the store through the environment (GUICHET_STORE_*). Also the
# platform operator, and the demo persons' spaces and mandates (made through
# $SITE's API: guichetd must serve). Sets EXAMPLE, AGENT_LINES, OPERATOR,
# SPACES and KEYS for demo_message.
demo_backoffice() {
	EXAMPLE=$(node -e 'const p=require("./'"$REG"'/demo-persons.json")[0]; console.log(p.national_id + " (" + p.given_name + " " + p.family_name + ")")')
	CTL=build/release/guichetctl
	AGENTS=$(node -e '
const p = require("./'"$REG"'/idp-population.json");
const orgs = ["commune", "snca", "cns"], roles = ["admin", "supervisor", "handler"];
let i = 100;
for (const o of orgs) for (const r of roles) { const x = p[i++]; console.log(o, x.national_id, r, x.given_name + " " + x.family_name); }')
	echo "$AGENTS" | while read -r org nid role name; do
		$CTL org agents add "$org" "$nid" --role "$role" --config etc/guichet.conf >/dev/null
	done
	# The operator dashboard (/operator, docs/dashboard.md): one platform operator.
	OPERATOR=$(node -e '
const x = require("./'"$REG"'/idp-population.json")[99];
console.log(x.national_id, x.given_name + " " + x.family_name);')
	$CTL operators add "${OPERATOR%% *}" --config etc/guichet.conf >/dev/null
	KEYS=${DEMO_KEYS:-var/org-client}
	if ! $CTL org clients list commune --config etc/guichet.conf 2>/dev/null | grep -q 'commune-demo'; then
		mkdir -p "$KEYS"
		$CTL org clients keygen --private "$KEYS/commune.private.jwk" --public "$KEYS/commune.public.jwk" 2>/dev/null
		$CTL org clients add commune --id commune-demo --jwk "$KEYS/commune.public.jwk" \
			--scopes submissions.read,submissions.write,registers.read --config etc/guichet.conf >/dev/null
	fi
	# Spaces and acting for others, made through the API by the demo persons
	# themselves: a company's space, parents of minors, two mandates.
	SPACES=$(node scripts/demo_spaces.mjs "$SITE" "$REG/demo-persons.json" 2>var/demo-spaces.log) ||
		SPACES="      (could not be made: see var/demo-spaces.log)"
	AGENT_LINES=$(echo "$AGENTS" | awk '{ name = $4; for (i = 5; i <= NF; i++) name = name " " $i; printf "      %-8s %-11s %s (%s)\n", $1, $3, $2, name }')
}

# The transparency log's witness (docs/transparency.md): its own key in DIR,
# made once; sets WITNESS_KEY (guichetd is told to trust it: the caller
# passes GUICHET_TRANSLOG_WITNESSES) and LOG_KEY (the log's verifier key,
# from the translog key file guichetctl is pointed at). In production someone
# else runs it (the data protection authority).
demo_witness_keys() { # DIR
	mkdir -p "$1"
	if [ ! -f "$1/key" ]; then
		build/release/guichet-witness keygen --name witness.localhost/demo --key "$1/key" >/dev/null
	fi
	WITNESS_KEY=$(build/release/guichet-witness vkey --key "$1/key")
	LOG_KEY=$(build/release/guichetctl translog key --config etc/guichet.conf)
}

# The witness following $SITE's checkpoints every 10 s.
demo_witness_run() { # DIR LOG
	build/release/guichet-witness run --key "$1/key" --state "$1/state.json" \
		--log "$SITE/transparency/v1" "$LOG_KEY" --interval 10 --log-file "$2" &
	pids="$pids $!"
}

# What to open and how to log in (the list of what was started is the caller's).
demo_message() {
	cat <<MSG

  Guichet is running. Open $SITE/

  Log in: choose "Log in", then type a national identification number
  (for example $EXAMPLE) or pick a person from the list,
  with the demo password: guichet-demo

  Spaces and acting for others ($SITE/spaces; docs/spaces.md):
$SPACES

  The agents' back office: $SITE/backoffice, logged in as an agent:
$AGENT_LINES

  The operator dashboard: $SITE/operator, logged in as the platform operator
      ${OPERATOR%% *} (${OPERATOR#* })

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
MSG
}
