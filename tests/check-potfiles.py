#!/usr/bin/env python3
# Fails when a source file with translatable strings is missing from
# po/POTFILES.in, or when POTFILES.in names a file that does not exist.
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import sys

root = sys.argv[1]
listed = set()
with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith('#'):
            listed.add(line)

patterns = {
    '.c': re.compile(r'\b(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\('),
    '.ui': re.compile(r'translatable="yes"'),
    '.in': re.compile(r'.'),  # desktop / metainfo templates are always translatable
}

needed = set()
for top in ('src', 'data'):
    for dirpath, dirnames, filenames in os.walk(os.path.join(root, top)):
        for name in filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            ext = os.path.splitext(name)[1]
            if name.endswith('.gschema.xml'):
                needed.add(rel)
                continue
            if ext not in patterns:
                continue
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            if ext == '.c':
                # Strip comments so that a mention in a comment does not count.
                text = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
            if patterns[ext].search(text):
                needed.add(rel)

missing = sorted(needed - listed)
stale = sorted(p for p in listed if not os.path.exists(os.path.join(root, p)))
for p in missing:
    print(f'missing from po/POTFILES.in: {p}')
for p in stale:
    print(f'listed in po/POTFILES.in but does not exist: {p}')
print(f'{len(needed)} files with translatable strings, {len(listed)} listed')
sys.exit(1 if missing or stale else 0)
