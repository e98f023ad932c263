#!/bin/sh
# compare-archives.sh A B — are two archives written by farewell --convert
# byte-identical, apart from manifest.json's "created" time? For checking
# that an optimization of the engine changes nothing in its output.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
[ $# -eq 2 ] || { echo "usage: $0 ARCHIVE-A ARCHIVE-B" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/farewell-compare.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
for side in a b; do
  [ $side = a ] && dir=$1 || dir=$2
  sed 's/"created":"[^"]*"/"created":""/' "$dir/manifest.json" > "$tmp/manifest-$side.json"
done
status=0
diff -r -q -x manifest.json "$1" "$2" || status=1
cmp -s "$tmp/manifest-a.json" "$tmp/manifest-b.json" || { echo "manifest.json differs (beyond its creation time)"; status=1; }
[ $status -eq 0 ] && echo "identical: $1 $2"
exit $status
