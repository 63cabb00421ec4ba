#!/bin/sh
# The layers check (DESIGN.md §3): every `#include "folder/..."` (and
# `<folder/...>` naming a folder of src/) in src/**/*.c and *.h must be one
# the LAYERS table below allows. A file belongs to the first folder of its
# path under src/ (store/sqlite/conn.c is store, portal/api/drafts.c is
# portal, registryd/main/main.c is registryd); unit tests (*_test.c) are
# held to their module's row. An include without a folder is the file's
# own folder's and always allowed; a path with ".." is refused.
#
# Usage: scripts/check_layers.sh [SRC_ROOT]   (default: src)
#
# Prints each offending include as `file:line: #include "x/y.h": a may not
# include x`. Exit 0 when every include is allowed, 1 when any breaks the
# table, 2 on a usage error.
set -u

# LAYERS: one line per folder of src/: the folder, then the folders its
# files may include besides their own. "@name" lines define a group, used
# as "@name" in later lines; "*" allows anything. A folder of src/ missing
# here is an error, so a new module must say where it stands. Folders that
# do not exist yet are listed so they are held to the table from their
# first file.
LAYERS='
@libs        util json tmpl config log
@web         http session authz i18n site

# the small libraries: each other where needed, nothing above
util         @libs
json         @libs
tmpl         @libs
config       @libs
log          @libs

# the store interface and its backends (store/sqlite, store/pg)
store        util json log config

# outgoing HTTP, OpenID Connect (an OpenID client talks HTTP through client)
client       util json log
oidc         util json log client

# e-mail notifications: messages, the SMTP sender (libcurl), verification codes
mail         util json log config

# register descriptions, the source-protocol client, the prefill engine
sources      util json client store log

# definitions, checks, validation, prefill merge
procedures   util json sources

# the Merkle log; signatures
translog     util
receipts     util

# charts as SVG text, for the operator dashboard
charts       util

# certificates the platform issues: their PDFs, codes, signed statements
# (with the receipt key), the inputs and decision of the /verify page
certificates util json receipts

# the domain: everything above; never http, portal, backoffice
core         @libs store client oidc sources procedures translog receipts mail certificates

# the web layer: the libraries and each other. http and session keep
# sessions and durable writes in the store, the server owns the loop'"'"'s
# HTTP client; authz decides from facts core gives it.
http         @libs @web store client
session      @libs @web store
authz        @libs @web store core
i18n         @libs @web
site         @libs @web

# the front ends (portal/api, portal/pages, backoffice/api, backoffice/pages
# and their roots): the domain through core only; the pages render
# procedure definitions (procedures, and forms: the steps and answers of a
# procedure as template data, shared by both) and log people in (oidc, client).
forms        @libs @web core procedures
portal       @libs @web core procedures oidc client forms
backoffice   @libs @web core procedures oidc client forms
# the operator dashboard: its figures through core, drawn by charts
operator     @libs @web core forms charts

# the register server (registryd/main is its program): never core or portal
registryd    @libs store sources http

# the independent witness of the transparency log (a program of its own): the
# translog library, never the store, core or web layer of the platform
witness      @libs translog

# the synthetic population generator
population   util json store log config

# programs
guichetd     *
guichetctl   *
'

usage() {
	echo "usage: $0 [SRC_ROOT]" >&2
	exit 2
}

[ $# -le 1 ] || usage
root=${1:-src}
root=${root%/}
[ -d "$root" ] || { echo "check_layers: $root: not a folder" >&2; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/check_layers.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT INT TERM
printf '%s\n' "$LAYERS" >"$work/layers"
# The folders of the tree, and its files outside any folder.
(cd "$root" && find . -mindepth 1 -maxdepth 1 -type d | sed 's|^\./||' | sort) >"$work/folders"
(cd "$root" && find . -mindepth 1 -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' \) | sed 's|^\./||' | sort) \
	>"$work/loose"
# Every include line as path:line:text.
find "$root" -type f \( -name '*.c' -o -name '*.h' \) | sort >"$work/files"
: >"$work/includes"
if [ -s "$work/files" ]; then
	xargs grep -HnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*["<]' <"$work/files" >"$work/includes"
fi

awk -v root="$root" -v W="$work" '
function words(s,    n, i, a, out) {
	# Expands the "@group" names of a table line.
	n = split(s, a, /[ \t]+/)
	out = ""
	for (i = 1; i <= n; i++) {
		if (a[i] == "") continue
		if (a[i] ~ /^@/) {
			if (!(a[i] in group)) {
				printf "check_layers: the table uses %s before defining it\n", a[i]
				bad_table = 1
				continue
			}
			out = out " " group[a[i]]
		} else
			out = out " " a[i]
	}
	return out
}
FILENAME == W "/layers" {
	sub(/#.*/, "")
	if ($0 ~ /^[ \t]*$/) next
	name = $1
	$1 = ""
	if (name ~ /^@/) { group[name] = words($0); next }
	allowed[name] = " " words($0) " "
	next
}
FILENAME == W "/folders" { folder[$0] = 1; next }
FILENAME == W "/loose" {
	printf "%s/%s: outside any folder of %s; move it into a module folder\n", root, $0, root
	violations++
	next
}
{
	# path:line:text (paths under src/ hold no colon)
	path = $0; sub(/:.*/, "", path)
	rest = substr($0, length(path) + 2)
	lineno = rest; sub(/:.*/, "", lineno)
	text = substr(rest, length(lineno) + 2)
	rel = substr(path, length(root) + 2)
	module = rel; sub(/\/.*/, "", module)
	if (!match(text, /["<][^">]*[">]/)) next
	delim = substr(text, RSTART, 1)
	target = substr(text, RSTART + 1, RLENGTH - 2)
	shown = delim == "<" ? "<" target ">" : "\"" target "\""
	if (target !~ /\//) next                      # the file'"'"'s own folder
	tmod = target; sub(/\/.*/, "", tmod)
	if (delim == "<" && !(tmod in allowed) && !(tmod in folder)) next   # a system header
	if (target ~ /(^|\/)\.\.(\/|$)/)
		why = "a path with \"..\" hides which folder it reaches; name the folder (\"http/x.h\")"
	else if (tmod == module)
		next
	else if (!(module in allowed))
		why = module " is not in the layers table (scripts/check_layers.sh)"
	else if (index(allowed[module], " * ") || index(allowed[module], " " tmod " "))
		next
	else
		why = module " may not include " tmod
	printf "%s:%s: #include %s: %s\n", path, lineno, shown, why
	violations++
}
END {
	for (f in folder)
		if (!(f in allowed)) {
			printf "%s/%s: the folder is not in the layers table (scripts/check_layers.sh)\n", root, f
			violations++
		}
	if (bad_table) exit 2
	if (violations > 0) {
		printf "layers: %d include%s break%s the table (DESIGN.md §3)\n", violations,
			violations == 1 ? "" : "s", violations == 1 ? "s" : ""
		exit 1
	}
	print "layers: ok"
}
' "$work/layers" "$work/folders" "$work/loose" "$work/includes"
