#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""pkg-config test: the wfm.pc meson generates describes the library.

Checks Name: wfm, Version: the project version, Libs: -lwfm,
Cflags: -I${includedir}, and Requires.private: gsl (static linking pulls in
GSL; STYLE.md §2).

Usage: check-pkgconfig.py --version X.Y.Z PATH/TO/wfm.pc
Exit status: 0 pass, 1 fail.
"""

import argparse
import re
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--version', required=True)
    ap.add_argument('pc')
    args = ap.parse_args()
    try:
        with open(args.pc, encoding='utf-8') as f:
            text = f.read()
    except OSError as e:
        print(f'FAIL: cannot read {args.pc}: {e}')
        return 1
    fields = {}
    for line in text.splitlines():
        m = re.match(r'^([A-Za-z][\w.]*)\s*:\s*(.*)$', line)
        if m:
            fields[m.group(1)] = m.group(2).strip()
    problems = []

    def expect(field, ok, what):
        if not ok(fields.get(field)):
            problems.append(f'{field}: {fields.get(field)!r}, expected {what}')

    def words(v):
        return re.split(r'[\s,]+', v or '')

    expect('Name', lambda v: v == 'wfm', "'wfm'")
    expect('Version', lambda v: v == args.version, repr(args.version))
    expect('Description', lambda v: bool(v), 'a description')
    expect('Libs', lambda v: '-lwfm' in words(v), 'to contain -lwfm')
    expect('Cflags', lambda v: '-I${includedir}' in words(v), 'to contain -I${includedir}')
    expect('Requires.private', lambda v: 'gsl' in [re.split(r'[<>=]', w)[0] for w in words(v)],
           "to contain 'gsl'")
    # GSL is a private dependency: it must not leak into consumers' link lines.
    expect('Requires', lambda v: 'gsl' not in words(v), "not to contain 'gsl'")
    print('\n'.join(f'{k}: {v}' for k, v in fields.items()))
    if problems:
        print('FAIL:\n  ' + '\n  '.join(problems))
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
