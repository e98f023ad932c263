#!/usr/bin/env python3
# Every language in po/LINGUAS must have a .po that passes `msgfmt --check`
# and is 100% translated against the current sources (no untranslated and
# no fuzzy messages after msgmerge with a freshly extracted template).
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys
import tempfile

root = sys.argv[1]
po_dir = os.path.join(root, 'po')
with open(os.path.join(po_dir, 'LINGUAS'), encoding='utf-8') as f:
    langs = [w for line in f if not line.startswith('#') for w in line.split()]

if not langs:
    print('po/LINGUAS lists no language')
    sys.exit(1)

with tempfile.TemporaryDirectory() as tmp:
    pot = os.path.join(tmp, 'farewell.pot')
    with open(os.path.join(po_dir, 'POTFILES.in'), encoding='utf-8') as f:
        files = [l.strip() for l in f if l.strip() and not l.startswith('#')]
    # Extract the way meson's i18n.gettext (preset glib) does.
    cmd = ['xgettext', '--from-code=UTF-8', '--add-comments=Translators',
           '--keyword=_', '--keyword=N_', '--keyword=C_:1c,2', '--keyword=NC_:1c,2',
           '--keyword=g_dngettext:2,3', '--keyword=ngettext:1,2',
           '--flag=N_:1:pass-c-format', '--flag=C_:2:pass-c-format',
           '--flag=NC_:2:pass-c-format', '--flag=g_dngettext:2:pass-c-format',
           '--flag=g_strdup_printf:1:c-format', '--flag=g_string_printf:2:c-format',
           '--flag=g_string_append_printf:2:c-format', '--flag=g_error_new:3:c-format',
           '--flag=g_set_error:4:c-format', '--flag=g_printerr:1:c-format',
           '--flag=g_print:1:c-format',
           '-o', pot, '--directory', root] + files
    subprocess.run(cmd, check=True)
    failed = False
    for lang in langs:
        po = os.path.join(po_dir, lang + '.po')
        if not os.path.exists(po):
            print(f'{lang}: po/{lang}.po is missing')
            failed = True
            continue
        r = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print(f'{lang}: msgfmt --check failed:\n{r.stderr}')
            failed = True
            continue
        merged = os.path.join(tmp, lang + '.po')
        subprocess.run(['msgmerge', '--quiet', '--no-fuzzy-matching', '-o', merged, po, pot], check=True)
        r = subprocess.run(['msgfmt', '--statistics', '-o', os.devnull, merged],
                           capture_output=True, text=True)
        stats = r.stderr.strip()
        untranslated = re.search(r'(\d+) untranslated', stats)
        fuzzy = re.search(r'(\d+) fuzzy', stats)
        if untranslated or fuzzy:
            print(f'{lang}: not complete: {stats}')
            u = subprocess.run(['msgattrib', '--untranslated', merged], capture_output=True, text=True)
            ids = re.findall(r'^msgid "(.+)"$', u.stdout, flags=re.M)
            for i in ids[:10]:
                print(f'    untranslated: {i}')
            failed = True
        else:
            print(f'{lang}: {stats}')
sys.exit(1 if failed else 0)
