#!/bin/sh
# Checks the compiled stylesheet before it is installed: guichetd serves no
# image or font with it, so any url() would be a broken reference, and the
# GOV.UK typeface and crest must not be named (docs/design-system.md).
# Usage: check_css.sh file.css
set -eu
css=$1
[ -s "$css" ] || { echo "$css: empty" >&2; exit 1; }
if grep -q 'url(' "$css"; then
	echo "$css: references a file guichetd does not serve:" >&2
	grep -o 'url([^)]*)' "$css" | sort -u >&2
	exit 1
fi
if grep -qi 'GDS Transport\|govuk-crest' "$css"; then
	echo "$css: names the GOV.UK typeface or crest" >&2
	exit 1
fi
