#!/bin/sh
# --help lists the options, --version prints the version, bad usage exits 2.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
bin=$1
version=$2
fail=0
check() { if ! eval "$2"; then echo "FAIL: $1"; fail=1; else echo "ok: $1"; fi; }

out=$("$bin" --version 2>&1); rc=$?
check "--version exits 0" "[ $rc -eq 0 ]"
check "--version prints the version" "[ \"\$out\" = \"farewell $version\" ]"

help=$("$bin" --help 2>&1); rc=$?
check "--help exits 0" "[ $rc -eq 0 ]"
for opt in --verify --convert --output --format --json --checklist --connect --providers --disconnect --ask --archive --continue --version; do
  check "--help lists $opt" "printf '%s' \"\$help\" | grep -q -- '$opt'"
done

"$bin" --json >/dev/null 2>&1; rc=$?
check "an option without a command is a usage error (2)" "[ $rc -eq 2 ]"

"$bin" --verify a --providers >/dev/null 2>&1; rc=$?
check "two commands at once is a usage error (2)" "[ $rc -eq 2 ]"

"$bin" --no-such-option >/dev/null 2>&1; rc=$?
check "an unknown option fails" "[ $rc -ne 0 ]"

exit $fail
