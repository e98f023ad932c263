#!/usr/bin/env python3
# check-layout.py SOURCE_ROOT — the layout of src/ stays what it says it is.
#
# 1. The folders of src/core include one another one way: a folder includes
#    only headers of its own folder or of folders src/core/meson.build lists
#    before it (`subdir(...)` order). So nothing below cli/ includes it.
# 2. The tree in README.md's "How the code is laid out" names every file of
#    src/ (a folder entry "name/" covers what is in it), and everything it
#    names exists.
#
# SPDX-License-Identifier: GPL-3.0-or-later
import glob
import os
import re
import sys

root = sys.argv[1]
src = os.path.join(root, 'src')
core = os.path.join(src, 'core')
errors = []

# 1. Include order of the core's folders.
with open(os.path.join(core, 'meson.build'), encoding='utf-8') as f:
    folders = re.findall(r"^subdir\('([^']+)'\)", f.read(), flags=re.M)
if not folders:
    errors.append('src/core/meson.build lists no folder')
rank = {name: i for i, name in enumerate(folders)}
include_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
for folder in folders:
    for path in sorted(glob.glob(os.path.join(core, folder, '*.[ch]'))):
        rel = os.path.relpath(path, root)
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for header in include_re.findall(text):
            if '/' in header:
                other = header.split('/')[0]
                if other not in rank:
                    errors.append(f'{rel}: includes "{header}", not a folder of the core')
                elif rank[other] > rank[folder]:
                    errors.append(f'{rel}: includes "{header}", but {other}/ comes after {folder}/')
            elif header != 'config.h' and not os.path.exists(os.path.join(core, folder, header)) \
                    and not os.path.exists(os.path.join(core, 'settings', header)):
                errors.append(f'{rel}: includes "{header}", which is not in {folder}/')
for path in glob.glob(os.path.join(core, '*.[ch]')):
    errors.append(f'{os.path.relpath(path, root)}: a source file outside the folders of the core')

# 2. README's tree of src/.
with open(os.path.join(root, 'README.md'), encoding='utf-8') as f:
    readme = f.read()
m = re.search(r'## How the code is laid out\n\n```\n(src/\n.*?)```', readme, flags=re.S)
if m is None:
    errors.append('README.md: no tree of src/ under "How the code is laid out"')
    lines = []
else:
    lines = m.group(1).splitlines()

covered_files = set()
covered_dirs = []
steps = sorted(d for d in os.listdir(os.path.join(src, 'pages'))
               if os.path.isdir(os.path.join(src, 'pages', d)))
tree = []
for line in lines[1:]:
    if not line.startswith('  '):
        break  # the lines after src/ are the other top-level folders
    tree.append((len(line) - len(line.lstrip(' ')), line.split()[0]))
parents = []  # (indent, folder)
for i, (indent, name) in enumerate(tree):
    while parents and parents[-1][0] >= indent:
        parents.pop()
    base = '/'.join(['src'] + [p for _, p in parents])
    if name.endswith('/') and i + 1 < len(tree) and tree[i + 1][0] > indent:
        # A folder whose entries follow, indented.
        parents.append((indent, name.rstrip('/')))
        if not os.path.isdir(os.path.join(root, base, name)):
            errors.append(f'README.md names {base}/{name}, which does not exist')
        continue
    if name.endswith('/'):
        path = f'{base}/{name.rstrip("/")}'
        if not os.path.isdir(os.path.join(root, path)):
            errors.append(f'README.md names {path}/, which does not exist')
        covered_dirs.append(path + '/')
        continue
    names = [name]
    if '<step>' in name:
        names = [name.replace('<step>', s) for s in steps]
    for n in names:
        group = re.fullmatch(r'(.*)\.\[([a-z|]+)\]', n)
        exts = group.group(2).replace('|', ' ').split() if group else None
        if exts == ['ch']:
            exts = ['c', 'h']
        elif exts is not None:
            exts = [e for x in exts for e in (['c', 'h'] if x == 'ch' else [x])]
        for path in ([f'{base}/{group.group(1)}.{e}' for e in exts] if group else [f'{base}/{n}']):
            if not os.path.isfile(os.path.join(root, path)):
                errors.append(f'README.md names {path}, which does not exist')
            covered_files.add(path)

for dirpath, dirnames, filenames in os.walk(src):
    for name in filenames:
        path = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, '/')
        if path not in covered_files and not any(path.startswith(d) for d in covered_dirs):
            errors.append(f'README.md does not name {path}')

for e in errors:
    print(e)
if errors:
    sys.exit(1)
print(f'{len(folders)} folders of the core in order; README names every file of src/')
