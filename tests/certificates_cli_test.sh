#!/bin/sh
# guichetctl certificates render|code|verify: the same inputs give the same
# PDF; pdftotext reads the accented names back; the code is found in the
# file; a signed certificate verifies offline, and a changed byte, another
# statement or another signature does not; bad data names the field and
# quotes no value; usage errors exit 2.
# Usage: tests/certificates_cli_test.sh path/to/guichetctl   (cwd: repo root)
set -u
ctl=${1:?usage: $0 path/to/guichetctl}
work=$(mktemp -d /tmp/gx_certificates_cli.XXXXXX) || exit 1
trap 'rm -rf "$work"' EXIT
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
	if [ "$rc" -eq "$want" ]; then ok; else bad "$name: exit $rc, expected $want: $(cat "$work/err")"; fi
}
has() { # has NAME FILE TEXT
	if grep -qF -- "$3" "$2"; then ok; else bad "$1: \"$3\" not in $(cat "$2")"; fi
}

cat >"$work/residence.json" <<'EOF'
{"given_name": "Łukasz Zoë", "family_name": "Müller-Gonçalves", "birth_date": "1985-03-14",
 "address": {"street": "rue de la Gare", "house_number": "12", "postcode": "L-4240",
             "locality": "Esch-sur-Alzette", "commune": "Esch-sur-Alzette"},
 "resident_since": "2019-06-01"}
EOF
cat >"$work/household.json" <<'EOF'
{"address": {"street": "Grand-Rue", "house_number": "3A", "postcode": "L-9050", "locality": "Ettelbruck",
             "commune": "Ettelbruck"},
 "members": [{"given_name": "José", "family_name": "Nuñez", "birth_date": "1979-11-02"},
             {"given_name": "Ștefan", "family_name": "Țărană", "birth_date": "1981-01-01"}]}
EOF
code=M9S3-46Q3-D25V-T4FJ

# --- render: the same bytes, the texts ---------------------------------------
for n in 1 2; do
	expect 0 "render $n" "$ctl" certificates render --type residence --data "$work/residence.json" --lang fr \
		--out "$work/r$n.pdf" --code "$(echo $code | tr 'A-Z-' 'a-z ')" --at 2026-11-18T13:32:05Z
done
has "render prints the code" "$work/out" "code $code"
cmp -s "$work/r1.pdf" "$work/r2.pdf" && ok || bad "two renders of the same inputs differ"
sum=$(sha256sum <"$work/r1.pdf" | cut -d' ' -f1)
has "render prints the hash" "$work/out" "sha256 $sum"
pdftotext -enc UTF-8 -raw "$work/r1.pdf" "$work/r1.txt" 2>"$work/poppler" && [ ! -s "$work/poppler" ] && ok ||
	bad "pdftotext: $(cat "$work/poppler")"
for t in "Certificat de résidence" "Müller-Gonçalves" "Łukasz Zoë" "14 mars 1985" "1er juin 2019" \
	"à 14:32 (heure de Luxembourg)" "$code" "https://guichet.example/verify"; do
	has "residence text" "$work/r1.txt" "$t"
done
expect 0 "render household in German" "$ctl" certificates render --type household --data "$work/household.json" \
	--lang de --out "$work/h.pdf" --platform "Guichet.lu" --site-url https://guichet.lu \
	--organisation-title "Gemeindeverwaltung Ettelbrück"
pdftotext -enc UTF-8 -raw "$work/h.pdf" "$work/h.txt" 2>/dev/null
for t in "Haushaltsbescheinigung" "Nuñez José" "Țărană Ștefan" "Gemeindeverwaltung Ettelbrück" \
	"https://guichet.lu/verify"; do
	has "household text" "$work/h.txt" "$t"
done

# --- code: found in the file, not in others ----------------------------------
expect 0 "code of a certificate" "$ctl" certificates code "$work/r1.pdf"
[ "$(cat "$work/out")" = "$code" ] && ok || bad "code: got $(cat "$work/out")"
printf 'GIF89a' >"$work/not.pdf"
expect 1 "code of a GIF" "$ctl" certificates code "$work/not.pdf"
has "code of a GIF" "$work/err" "not a PDF"

# --- issue with the key, verify offline ----------------------------------------
head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n' >"$work/key"
expect 0 "render signed" "$ctl" certificates render --type household --data "$work/household.json" --lang en \
	--out "$work/s.pdf" --key "$work/key" --organisation commune
sed -n 's/^statement //p' "$work/out" >"$work/statement.json"
sig=$(sed -n 's/^signature //p' "$work/out")
has "the statement names its type" "$work/statement.json" '"certificate_type":"household"'
grep -q "Nu\|Ettelbruck" "$work/statement.json" && bad "the statement holds personal data" || ok
expect 0 "verify the file" "$ctl" certificates verify --key "$work/key" --statement "$work/statement.json" \
	--signature "$sig" --pdf "$work/s.pdf"
has "verify the file" "$work/out" genuine
expect 0 "verify the code alone" "$ctl" certificates verify --key "$work/key" --statement "$work/statement.json" \
	--signature "$sig"
cp "$work/s.pdf" "$work/changed.pdf"
printf 'X' | dd of="$work/changed.pdf" bs=1 seek=3000 conv=notrunc 2>/dev/null
expect 1 "verify a changed file" "$ctl" certificates verify --key "$work/key" --statement "$work/statement.json" \
	--signature "$sig" --pdf "$work/changed.pdf"
has "verify a changed file" "$work/out" altered
sed 's/"commune"/"justice"/' "$work/statement.json" >"$work/other.json"
expect 1 "verify another statement" "$ctl" certificates verify --key "$work/key" --statement "$work/other.json" \
	--signature "$sig" --pdf "$work/s.pdf"
has "verify another statement" "$work/out" unverifiable
expect 1 "verify without the key file" "$ctl" certificates verify --key "$work/none" \
	--statement "$work/statement.json" --signature "$sig"
[ ! -e "$work/none" ] && ok || bad "verify created a key"

# --- refusals -------------------------------------------------------------------
sed 's/1985-03-14/1985-02-30/' "$work/residence.json" >"$work/bad.json"
expect 1 "bad date" "$ctl" certificates render --type residence --data "$work/bad.json" --lang fr --out "$work/b.pdf"
has "bad date" "$work/err" '"/birth_date"'
grep -q "Müller\|1985" "$work/err" && bad "an error quotes the data: $(cat "$work/err")" || ok
[ ! -e "$work/b.pdf" ] && ok || bad "a refused render wrote a file"
expect 2 "a code with a typo" "$ctl" certificates render --type residence --data "$work/residence.json" --lang fr \
	--out "$work/t.pdf" --code M9S3-46Q3-D25V-T4FK
expect 2 "unknown type" "$ctl" certificates render --type birth --data "$work/residence.json" --lang fr \
	--out "$work/t.pdf"
expect 2 "unknown language" "$ctl" certificates render --type residence --data "$work/residence.json" --lang lb \
	--out "$work/t.pdf"
expect 2 "key without organisation" "$ctl" certificates render --type residence --data "$work/residence.json" \
	--lang fr --out "$work/t.pdf" --key "$work/key"
expect 2 "no subcommand" "$ctl" certificates

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
