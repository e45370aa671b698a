#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Print every constant of the public enums, "TAG NAME VALUE" one a line,
sorted, with the values as the C compiler sees them (a program including
<wfm.h> prints them).

    enum-constants.py --cc CC -I include -I BUILD/include include/wfm/*.h

check-abi.sh compares this list with the committed one: abidiff cannot see
these values, since no exported function takes or returns an enum type
(the API uses int32_t), so DWARF does not tie them to the ABI.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile


def enum_constants(paths):
    """(tag, name) of every constant of every named enum in the headers."""
    found = []
    for path in paths:
        with open(path, encoding='utf-8') as f:
            code = f.read()
        code = re.sub(r'/\*.*?\*/', ' ', code, flags=re.S)
        code = re.sub(r'//[^\n]*', ' ', code)
        for tag, body in re.findall(r'\benum\s+(\w+)\s*\{([^}]*)\}', code):
            for item in body.split(','):
                m = re.match(r'\s*([A-Za-z_]\w*)', item)
                if m:
                    found.append((tag, m.group(1)))
    return found


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cc', default=os.environ.get('CC', 'cc'))
    ap.add_argument('-I', dest='include', action='append', default=[])
    ap.add_argument('headers', nargs='+')
    args = ap.parse_args()

    constants = enum_constants(args.headers)
    if not constants:
        print('enum-constants.py: no enum constants found', file=sys.stderr)
        return 1
    lines = ['#include <stdio.h>', '#include <wfm.h>', 'int main(void)', '{']
    for tag, name in constants:
        lines.append('    printf("%%s %%s %%lld\\n", "%s", "%s", (long long)%s);' %
                     (tag, name, name))
    lines += ['    return 0;', '}']
    with tempfile.TemporaryDirectory() as tmp:
        source = os.path.join(tmp, 'enums.c')
        program = os.path.join(tmp, 'enums')
        with open(source, 'w', encoding='utf-8') as f:
            f.write('\n'.join(lines) + '\n')
        cmd = shlex.split(args.cc) + ['-std=c11'] + ['-I' + d for d in args.include] + \
            [source, '-o', program]
        subprocess.run(cmd, check=True)
        out = subprocess.run([program], check=True, capture_output=True, text=True).stdout
    sys.stdout.write(''.join(sorted(out.splitlines(keepends=True))))
    return 0


if __name__ == '__main__':
    sys.exit(main())
