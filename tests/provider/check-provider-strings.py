#!/usr/bin/env python3
# The provider catalog (data/providers.json) is data, but its names,
# descriptions and key hints in words are shown to people and must be translated. xgettext cannot
# read them from JSON, so src/core/provider/fw-provider-strings.c repeats
# them with N_(); at run time FwProvider looks them up with _().
#
#   check-provider-strings.py SOURCE_ROOT          fails when the C file is stale
#   check-provider-strings.py SOURCE_ROOT --write  regenerates it
#
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import os
import sys

root = sys.argv[1]
write = '--write' in sys.argv[2:]
catalog = os.path.join(root, 'data', 'providers.json')
target = os.path.join(root, 'src', 'core', 'provider', 'fw-provider-strings.c')


def c_string(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


with open(catalog, encoding='utf-8') as f:
    providers = json.load(f)['providers']

lines = [
    '/* fw-provider-strings.c — the catalog\'s texts, for xgettext',
    ' *',
    ' * GENERATED from data/providers.json by',
    ' * tests/provider/check-provider-strings.py --write; do not edit by hand.',
    ' * FwProvider translates the names and descriptions it reads from the JSON',
    ' * with _(); this file only makes them visible to xgettext. It is compiled',
    ' * (so a stale copy is noticed) but nothing calls into it.',
    ' *',
    ' * Copyright 2026 The Farewell authors',
    ' * SPDX-License-Identifier: GPL-3.0-or-later',
    ' */',
    '#include "config.h"',
    '',
    '#include <glib/gi18n.h>',
    '',
    'extern const char *fw_provider_strings[];',
    '',
    'const char *fw_provider_strings[] = {',
]
for p in providers:
    lines.append(f'  /* Translators: the name of the provider “{p["id"]}” */')
    lines.append(f'  N_({c_string(p["name"])}),')
    if p.get('description'):
        lines.append(f'  /* Translators: the description of the provider “{p["id"]}” */')
        lines.append(f'  N_({c_string(p["description"])}),')
    if ' ' in p.get('key_hint', ''):
        lines.append(f'  /* Translators: what an API key of the provider “{p["id"]}” looks like */')
        lines.append(f'  N_({c_string(p["key_hint"])}),')
lines.append('  NULL')
lines.append('};')
text = '\n'.join(lines) + '\n'

if write:
    with open(target, 'w', encoding='utf-8') as f:
        f.write(text)
    print(f'wrote {target}')
    sys.exit(0)

try:
    with open(target, encoding='utf-8') as f:
        current = f.read()
except FileNotFoundError:
    current = ''
if current != text:
    print(f'{target} is out of date: run {sys.argv[0]} {root} --write')
    sys.exit(1)
print(f'{len(providers)} providers, strings up to date')
