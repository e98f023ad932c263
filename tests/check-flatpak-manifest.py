#!/usr/bin/env python3
# The Flatpak manifest is valid JSON, builds this app with meson on the
# GNOME runtime, and asks for no more than it needs.
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import sys

path, app_id = sys.argv[1], sys.argv[2]
with open(path, encoding='utf-8') as f:
    m = json.load(f)

errors = []
if m.get('id', m.get('app-id')) != app_id:
    errors.append(f"app id {m.get('id', m.get('app-id'))!r} != meson's {app_id!r}")
if m.get('runtime') != 'org.gnome.Platform' or m.get('sdk') != 'org.gnome.Sdk':
    errors.append('runtime/sdk must be org.gnome.Platform / org.gnome.Sdk')
if m.get('command') != 'farewell':
    errors.append('command must be farewell')
args = m.get('finish-args', [])
for forbidden in ('--filesystem=home', '--filesystem=host', '--filesystem=host-os', '--talk-name=org.freedesktop.secrets'):
    if forbidden in args:
        errors.append(f'finish-args must not contain {forbidden}')
# The archive goes to Documents by default and the Try step reads it back in
# later sessions: that one folder, nothing wider.
for arg in args:
    if arg.startswith('--filesystem=') and arg != '--filesystem=xdg-documents':
        errors.append(f'finish-args: {arg}: only --filesystem=xdg-documents is justified')
for needed in ('--share=network', '--socket=wayland', '--socket=fallback-x11', '--share=ipc', '--device=dri',
               '--filesystem=xdg-documents'):
    if needed not in args:
        errors.append(f'finish-args lacks {needed}')
mods = m.get('modules', [])
app = [x for x in mods if isinstance(x, dict) and x.get('name') == 'farewell']
if not app:
    errors.append('no module named farewell')
elif app[0].get('buildsystem') != 'meson':
    errors.append('the farewell module must build with meson')
for e in errors:
    print(e)
print('ok' if not errors else f'{len(errors)} problems')
sys.exit(1 if errors else 0)
