#!/usr/bin/env python3
# Prints one line "N passed, N failed[, N skipped]" from meson test logs
# (_build/meson-logs/testlog.json, one JSON object a line) and exits 1 when
# anything failed or a log is missing.
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        with open(path, encoding='utf-8') as f:
            for line in f:
                line = line.strip()
                if not line:
                    continue
                r = json.loads(line).get('result')
                if r in ('OK', 'EXPECTEDFAIL'):
                    passed += 1
                elif r == 'SKIP':
                    skipped += 1
                else:
                    failed += 1
    except FileNotFoundError:
        print(f'{path}: no test log (the build or the test run did not start)', file=sys.stderr)
        failed += 1
print(f'{passed} passed, {failed} failed' + (f', {skipped} skipped' if skipped else ''))
sys.exit(1 if failed else 0)
