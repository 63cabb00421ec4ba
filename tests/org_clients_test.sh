#!/bin/sh
# guichetctl org clients keygen|add|list|remove and org client-assertion on a
# fresh database: the key files and their modes, what add refuses (unknown
# organisation or scope, a private key, another kind of key, a taken id),
# revocation, and the assertion's header and claims. No private key may
# reach stderr or the database.
# Usage: tests/org_clients_test.sh path/to/guichetctl   (cwd: repo root)
set -u
ctl=${1:?usage: $0 path/to/guichetctl}
work=$(mktemp -d /tmp/gx_org_clients.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
export GUICHET_STORE_SQLITE_PATH="$work/guichet.db"
export GUICHET_SITE_URL=https://guichet.example.lu
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# expect STATUS NAME CMD...: runs CMD (stdout to $work/out, stderr to $work/err), checks its exit status.
expect() {
	want=$1 name=$2
	shift 2
	"$@" >"$work/out" 2>"$work/err"
	rc=$?
	cat "$work/err" >>"$work/all_err"
	if [ "$rc" -eq "$want" ]; then ok; else bad "$name: exit $rc, expected $want: $(cat "$work/err")"; fi
}
# err_has NAME TEXT: the last command's stderr says TEXT.
err_has() {
	if grep -qF -- "$2" "$work/err"; then ok; else bad "$1: stderr lacks \"$2\": $(cat "$work/err")"; fi
}
json() { s=$1; shift; node -e "$s" "$@"; }

# --- keygen -----------------------------------------------------------------
expect 0 "keygen" "$ctl" org clients keygen --private "$work/priv.jwk" --public "$work/pub.jwk"
[ "$(stat -c %a "$work/priv.jwk")" = 600 ] && ok || bad "private key mode $(stat -c %a "$work/priv.jwk"), expected 600"
d=$(json 'const k=JSON.parse(require("fs").readFileSync(process.argv[1]));if(k.kty!=="OKP"||k.crv!=="Ed25519"||!k.x||!k.d)process.exit(1);console.log(k.d)' "$work/priv.jwk") && ok || bad "private key is not an Ed25519 JWK with d"
json 'const k=JSON.parse(require("fs").readFileSync(process.argv[1]));if(k.kty!=="OKP"||k.crv!=="Ed25519"||!k.x||"d" in k)process.exit(1)' "$work/pub.jwk" && ok || bad "public key has d or is no Ed25519 JWK"
sum=$(cat "$work/priv.jwk" "$work/pub.jwk" | sha256sum)
expect 1 "keygen over existing files" "$ctl" org clients keygen --private "$work/priv.jwk" --public "$work/new.jwk"
err_has "keygen over existing files" "never overwritten"
[ ! -e "$work/new.jwk" ] && [ "$(cat "$work/priv.jwk" "$work/pub.jwk" | sha256sum)" = "$sum" ] && ok || bad "keygen changed files it refused"
expect 1 "keygen, public exists" "$ctl" org clients keygen --private "$work/priv2.jwk" --public "$work/pub.jwk"
[ ! -e "$work/priv2.jwk" ] && ok || bad "keygen left a private key without its public one"
expect 2 "keygen without --public" "$ctl" org clients keygen --private "$work/p3.jwk"

# --- add --------------------------------------------------------------------
expect 0 "add" "$ctl" org clients add snca --jwk "$work/pub.jwk" --scopes submissions.read,registers.read
id=$(cat "$work/out")
echo "$id" | grep -Eq '^cl_[0-9a-f]{24}$' && ok || bad "client id \"$id\""
expect 0 "add with --id" "$ctl" org clients add snca --jwk "$work/pub.jwk" --scopes "" --id case-system.2
[ "$(cat "$work/out")" = case-system.2 ] && ok || bad "add --id printed $(cat "$work/out")"
expect 1 "add a taken id" "$ctl" org clients add cns --jwk "$work/pub.jwk" --scopes letterbox.send --id case-system.2
err_has "add a taken id" "is taken"
expect 1 "add to an unknown organisation" "$ctl" org clients add nowhere --jwk "$work/pub.jwk" --scopes submissions.read
err_has "add to an unknown organisation" "no organisation nowhere"
expect 2 "add an unknown scope" "$ctl" org clients add snca --jwk "$work/pub.jwk" --scopes submissions.read,admin
err_has "add an unknown scope" 'unknown scope "admin"'
expect 2 "add a bad id" "$ctl" org clients add snca --jwk "$work/pub.jwk" --scopes submissions.read --id "a b"
expect 2 "add without --scopes" "$ctl" org clients add snca --jwk "$work/pub.jwk"
expect 1 "add a private key" "$ctl" org clients add snca --jwk "$work/priv.jwk" --scopes submissions.read
err_has "add a private key" 'private member "d"'
grep -qF -- "$d" "$work/err" && bad "the private key reached stderr" || ok
printf '{"kty":"RSA","n":"AQAB","e":"AQAB"}' >"$work/rsa.jwk"
expect 1 "add an RSA key" "$ctl" org clients add snca --jwk "$work/rsa.jwk" --scopes submissions.read
err_has "add an RSA key" 'kty must be "OKP" (Ed25519) or "EC" (P-256)'
printf '{"kty":"EC","crv":"P-384","x":"AAAA","y":"AAAA"}' >"$work/p384.jwk"
expect 1 "add a P-384 key" "$ctl" org clients add snca --jwk "$work/p384.jwk" --scopes submissions.read
err_has "add a P-384 key" 'crv "P-256"'
printf '{"kty":"OKP","crv":"X25519","x":"9S2lAc7RbTsVZorTv-rtMCWpLjTLcsZ6rWP04JPxmcQ"}' >"$work/x25519.jwk"
expect 1 "add an X25519 key" "$ctl" org clients add snca --jwk "$work/x25519.jwk" --scopes submissions.read
expect 1 "add a missing file" "$ctl" org clients add snca --jwk "$work/none.jwk" --scopes submissions.read
node -e 'const c=require("crypto");const k=c.generateKeyPairSync("ec",{namedCurve:"P-256"});console.log(JSON.stringify(k.publicKey.export({format:"jwk"})))' >"$work/ec.jwk"
expect 0 "add a P-256 key" "$ctl" org clients add cns --jwk "$work/ec.jwk" --scopes letterbox.send --id ec-client
sqlite3 "$work/guichet.db" "SELECT count(*) FROM org_clients WHERE jwk LIKE '%\"d\"%'" >"$work/out" 2>&1
[ "$(cat "$work/out")" = 0 ] && ok || bad "a stored key has d: $(cat "$work/out")"
[ "$(sqlite3 "$work/guichet.db" "SELECT alg FROM org_clients WHERE client_id = 'ec-client'")" = ES256 ] && ok || bad "the P-256 client's algorithm"

# --- list and remove ----------------------------------------------------------
expect 0 "list" "$ctl" org clients list snca
json 'const l=JSON.parse(require("fs").readFileSync(process.argv[1]));const ids=l.map(c=>c.client_id).sort();
  const c=l.find(c=>c.scopes.length===2);
  if(ids.length!==2||!ids.includes("case-system.2")||c.scopes.join()!=="submissions.read,registers.read"||c.alg!=="EdDSA"||c.revoked_at_us!==null)process.exit(1)' "$work/out" && ok || bad "list: $(cat "$work/out")"
expect 0 "list another organisation" "$ctl" org clients list commune
[ "$(cat "$work/out")" = "[]" ] && ok || bad "list commune: $(cat "$work/out")"
expect 1 "list an unknown organisation" "$ctl" org clients list nowhere
expect 1 "remove another organisation's client" "$ctl" org clients remove cns "$id"
expect 0 "remove" "$ctl" org clients remove snca "$id"
expect 1 "remove again" "$ctl" org clients remove snca "$id"
err_has "remove again" "removed already"
"$ctl" org clients list snca >"$work/out" 2>&1
json 'const l=JSON.parse(require("fs").readFileSync(process.argv[1]));const c=l.find(c=>c.client_id===process.argv[2]);if(!c||typeof c.revoked_at_us!=="number")process.exit(1)' "$work/out" "$id" && ok || bad "removed client not marked: $(cat "$work/out")"
expect 2 "remove without an id" "$ctl" org clients remove snca
expect 2 "clients without a verb" "$ctl" org clients
expect 2 "clients with an unknown verb" "$ctl" org clients frobnicate snca

# --- client-assertion -----------------------------------------------------------
decode='const [h,p,s]=require("fs").readFileSync(process.argv[1],"utf8").trim().split(".");
  const H=JSON.parse(Buffer.from(h,"base64url")),P=JSON.parse(Buffer.from(p,"base64url"));
  const c=require("crypto"),k=c.createPublicKey({key:JSON.parse(require("fs").readFileSync(process.argv[2])),format:"jwk"});
  if(!c.verify(null,Buffer.from(h+"."+p),k,Buffer.from(s,"base64url")))throw new Error("signature");
  console.log(JSON.stringify({H,P}))'
expect 0 "client-assertion" "$ctl" org client-assertion --key "$work/priv.jwk" --client case-system.2
node -e "$decode" "$work/out" "$work/pub.jwk" >"$work/claims" 2>&1 && ok || bad "assertion does not verify with the public key: $(cat "$work/claims")"
json 'const {H,P}=JSON.parse(require("fs").readFileSync(process.argv[1]));
  if(H.alg!=="EdDSA"||P.iss!=="case-system.2"||P.sub!=="case-system.2"||P.aud!=="https://guichet.example.lu/api/org/v1/token"||
     P.exp-P.iat!==120||Math.abs(P.iat-Date.now()/1000)>60||typeof P.jti!=="string"||P.jti.length<16)process.exit(1)' "$work/claims" && ok || bad "assertion claims: $(cat "$work/claims")"
jti1=$(json 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).P.jti)' "$work/claims")
expect 0 "client-assertion --audience" "$ctl" org client-assertion --key "$work/priv.jwk" --client c1 --audience https://other.example/token
node -e "$decode" "$work/out" "$work/pub.jwk" >"$work/claims" 2>&1
json 'const {P}=JSON.parse(require("fs").readFileSync(process.argv[1]));if(P.aud!=="https://other.example/token"||P.iss!=="c1"||P.jti===process.argv[2])process.exit(1)' "$work/claims" "$jti1" && ok || bad "assertion with --audience: $(cat "$work/claims")"
GUICHET_SITE_URL=http://127.0.0.1:8080/ "$ctl" org client-assertion --key "$work/priv.jwk" --client c1 >"$work/out" 2>"$work/err"
node -e "$decode" "$work/out" "$work/pub.jwk" >"$work/claims" 2>&1
json 'const {P}=JSON.parse(require("fs").readFileSync(process.argv[1]));if(P.aud!=="http://127.0.0.1:8080/api/org/v1/token")process.exit(1)' "$work/claims" && ok || bad "audience from a site.url with a slash: $(cat "$work/claims")"
expect 1 "client-assertion with the public key" "$ctl" org client-assertion --key "$work/pub.jwk" --client c1
err_has "client-assertion with the public key" "give the private key"
[ ! -s "$work/out" ] && ok || bad "client-assertion printed something it refused"
expect 2 "client-assertion without --client" "$ctl" org client-assertion --key "$work/priv.jwk"
expect 1 "client-assertion with a missing key" "$ctl" org client-assertion --key "$work/none.jwk" --client c1
# Nothing of the private key in anything said to the operator.
[ -n "$d" ] && ! grep -qF -- "$d" "$work/all_err" && ok || bad "the private key reached stderr"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
