#!/usr/bin/python3
# check-accessible-names.py — what a screen reader hears of Farewell's buttons
#
# Starts the real app ($FAREWELL_BIN) with accessibility on and reads every
# button of the window, on every page (shown or not), from the accessibility
# bus the way Orca does (AT-SPI). Each must have a name, and the name must be
# the text people see: no mnemonic underscore, no text said twice (GTK 4.8
# says "_Next Next" for a button labelled "_Next" unless the app fixes it).
# Then it goes to the next page and reads again.
#
# /usr/bin/python3 on purpose: the bindings are Debian's python3-gi and
# gir1.2-atspi-2.0. Run inside a D-Bus session (build-aux/dev test does).
#
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import subprocess
import sys
import time

try:
    import gi
    gi.require_version('Atspi', '2.0')
    from gi.repository import Atspi, GLib
except (ImportError, ValueError) as e:
    print(f'SKIP: no AT-SPI bindings ({e})')
    sys.exit(77)

BUTTON_ROLES = (Atspi.Role.PUSH_BUTTON, Atspi.Role.TOGGLE_BUTTON)


def walk(node, found, depth=0):
    if node is None or depth > 80:
        return
    try:
        role = node.get_role()
        count = node.get_child_count()
    except GLib.Error:
        return
    if role in BUTTON_ROLES:
        found.append(node)
    for i in range(count):
        try:
            walk(node.get_child_at_index(i), found, depth + 1)
        except GLib.Error:
            pass


def find_app(name, seconds=30):
    deadline = time.monotonic() + seconds
    desktop = Atspi.get_desktop(0)
    while time.monotonic() < deadline:
        for i in range(desktop.get_child_count()):
            app = desktop.get_child_at_index(i)
            if app is not None and app.get_name() == name and app.get_child_count() > 0:
                return app
        time.sleep(0.3)
    return None


def problem(name):
    if not name or not name.strip():
        return 'no name'
    if '_' in name:
        return 'a mnemonic underscore'
    if name.startswith(('Gtk', 'Adw')) and ' ' not in name:
        return 'its type for a name'
    words = name.split()
    half = len(words) // 2
    if len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return 'its text twice'
    return None


def check(app, where):
    buttons = []
    walk(app, buttons)
    bad = []
    for button in buttons:
        name = button.get_name()
        why = problem(name)
        if why:
            bad.append(f'{where}: {button.get_role_name()} {name!r}: {why}')
    print(f'{where}: {len(buttons)} buttons')
    return buttons, bad


def press(app, name):
    buttons = []
    walk(app, buttons)
    for button in buttons:
        if button.get_name() == name:
            button.do_action(0)
            return True
    return False


def main():
    env = dict(os.environ, GTK_A11Y='atspi')
    env.pop('NO_AT_BRIDGE', None)
    app_process = subprocess.Popen([os.environ['FAREWELL_BIN']], env=env)
    failures = []
    try:
        app = find_app('farewell')
        if app is None:
            print('FAIL: the app never showed on the accessibility bus')
            return 1
        time.sleep(1)
        buttons, bad = check(app, 'start')
        failures += bad
        # The window's own buttons must be there: a walk that found nothing
        # proves nothing.
        names = {b.get_name() for b in buttons}
        for expected in ('Start', 'Back', 'Go to Export', 'Open ChatGPT', 'Keep My Account for Now'):
            if expected not in names:
                failures.append(f'start: no button named {expected!r} (names: {sorted(names)})')
        # a page change, and the header's button changing its label with it
        if press(app, 'Start'):
            time.sleep(1.5)
            buttons, bad = check(app, 'after Start')
            failures += bad
            if 'Next' not in {b.get_name() for b in buttons}:
                failures.append('after Start: no button named Next')
        else:
            failures.append('could not press Start')
    finally:
        app_process.terminate()
        try:
            app_process.wait(10)
        except subprocess.TimeoutExpired:
            app_process.kill()
    for failure in failures:
        print('FAIL:', failure)
    return 1 if failures else 0


sys.exit(main())
