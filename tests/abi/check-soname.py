#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""SONAME test: the shared library's DT_SONAME is exactly the expected name.

The SONAME is an ABI promise (STYLE.md §2): it changes only when the ABI
breaks, on purpose. If this test fails after a deliberate soversion bump,
update the expected name in tests/abi/meson.build together with NEWS.md.

Usage: check-soname.py --tool readelf|objdump PATH --expected libwfm.so.1 LIB
Exit status: 0 pass, 1 fail, 77 skip (no tool).
"""

import argparse
import os
import re
import shutil
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--tool', nargs=2, metavar=('KIND', 'PATH'), required=True)
    ap.add_argument('--expected', required=True)
    ap.add_argument('lib')
    args = ap.parse_args()
    kind, tool = args.tool
    if not (os.path.isfile(tool) or shutil.which(tool)):
        print(f'SKIP: {tool} not found')
        return 77
    if kind == 'readelf':
        cmd = [tool, '-d', '-W', args.lib]
        pattern = r'\(SONAME\)\s+Library soname:\s*\[([^\]]*)\]'
    elif kind == 'objdump':
        cmd = [tool, '-p', args.lib]
        pattern = r'^\s*SONAME\s+(\S+)\s*$'
    else:
        print(f'unknown tool kind {kind}')
        return 1
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True, env=dict(os.environ, LC_ALL='C'))
    if res.returncode != 0:
        print(f'FAIL: {" ".join(cmd)} exited {res.returncode}: {res.stderr.strip()}')
        return 1
    found = re.findall(pattern, res.stdout, flags=re.M)
    print(f'{os.path.basename(args.lib)}: SONAME {found} (expected {args.expected!r})')
    problems = []
    if len(found) != 1:
        problems.append(f'expected exactly one SONAME entry, found {len(found)}')
    elif found[0] != args.expected:
        problems.append(f'SONAME is {found[0]!r}, expected {args.expected!r}: an ABI break must be '
                        'deliberate (bump soversion, update this test and NEWS.md)')
    # The real file is the SONAME plus the rest of the version, e.g.
    # libwfm.so.1.0.0, so that the libwfm.so.1 link points at it.
    base = os.path.basename(os.path.realpath(args.lib))
    if base != args.expected and not base.startswith(args.expected + '.'):
        problems.append(f'library file {base} does not start with its SONAME {args.expected}')
    if problems:
        print('FAIL:\n  ' + '\n  '.join(problems))
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main())
