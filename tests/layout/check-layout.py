#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The library's layout rules (README.md, "Layout"), as a TAP test.

lib/ has one folder per stage, in the order data flows, and the shared
pieces at its top, below every stage:

    lib/ (shared) < io < calendar < forecast < queue < plan

Usage: check-layout.py LIBDIR [LIBWFM.a]

  includes  no file of lib/ includes a private header ("...") of a later
            stage, and every such header is found in lib/ (source-based);
  calls     (with the static library, through nm) no file of lib/ calls
            into a later stage, and no files of lib/ call each other in a
            circle (A → B → A, or longer): each file can be read with only
            what is below it.

lib/python (the binding, loaded at run time) is not part of the library's
sources and is not checked. Exit 77 (skip) for `calls` without nm.
"""
import collections
import os
import re
import shutil
import subprocess
import sys

STAGES = ['', 'io', 'calendar', 'forecast', 'queue', 'plan']  # '' = lib/ itself
SKIP_DIRS = {'python'}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources(libdir):
    """{path relative to lib/: rank} of every .c and .h of the library."""
    found, unknown = {}, []
    for root, dirs, files in os.walk(libdir):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        rel = os.path.relpath(root, libdir)
        folder = '' if rel == '.' else rel
        for name in sorted(files):
            if not name.endswith(('.c', '.h')):
                continue
            if folder not in STAGES:
                unknown.append(os.path.join(folder, name))
                continue
            found[os.path.join(folder, name) if folder else name] = STAGES.index(folder)
    return found, unknown


def stage_name(rank):
    return 'lib/' + (STAGES[rank] + '/' if STAGES[rank] else ' (shared)')


def check_includes(libdir):
    files, unknown = sources(libdir)
    problems = ['lib/%s: in no stage folder (add it to STAGES in order)' % f for f in unknown]
    by_name = collections.defaultdict(list)
    for f in files:
        by_name[os.path.basename(f)].append(f)
    for name, paths in by_name.items():
        if len(paths) > 1:
            problems.append('%s: more than one file of that name: %s' % (name, ', '.join(paths)))
    for f, rank in sorted(files.items()):
        with open(os.path.join(libdir, f), encoding='utf-8') as fh:
            text = fh.read()
        for inc in INCLUDE.findall(text):
            if inc.startswith('wfm/') or inc == 'wfm.h':
                continue  # the public API (include/), open to every stage
            target = by_name.get(os.path.basename(inc))
            if not target:
                problems.append('lib/%s: includes "%s", which is not in lib/' % (f, inc))
                continue
            t = target[0]
            if files[t] > rank:
                problems.append('lib/%s (%s) includes "%s" of a later stage, %s' %
                                (f, stage_name(rank), inc, stage_name(files[t])))
    return problems


def object_source(member, files):
    """The source of an archive member (meson names lib/io/csv.c io_csv.c.o)."""
    for f in files:
        if f.endswith('.c') and member == f.replace('/', '_') + '.o':
            return f
    return None


def check_calls(libdir, archive):
    nm = shutil.which('nm')
    if nm is None:
        return None
    files, _ = sources(libdir)
    out = subprocess.run([nm, '-A', archive], check=True, capture_output=True,
                         text=True).stdout
    defined, used, problems = {}, collections.defaultdict(set), []
    for line in out.splitlines():
        head, _, rest = line.rpartition(':')
        member = head.split(':')[-1]
        fields = rest.split()
        src = object_source(member, files)
        if src is None:
            problems.append('%s: an object of no known source file' % member)
            continue
        if len(fields) == 3 and fields[1] in ('T', 'D', 'B', 'R', 'G', 'S', 'V', 'W', 'C'):
            defined[fields[2]] = src
        elif len(fields) == 2 and fields[0] == 'U':
            used[src].add(fields[1])
    calls = collections.defaultdict(dict)  # caller -> {callee: [symbols]}
    for src, names in used.items():
        for name in sorted(names):
            callee = defined.get(name)
            if callee is not None and callee != src:
                calls[src].setdefault(callee, []).append(name)
    for src in sorted(calls):
        for callee, names in sorted(calls[src].items()):
            if files[callee] > files[src]:
                problems.append('lib/%s (%s) calls lib/%s of a later stage, %s: %s' %
                                (src, stage_name(files[src]), callee,
                                 stage_name(files[callee]), ', '.join(names)))
    # Circles: strongly connected components of more than one file (Tarjan).
    index, low, stack, on_stack, counter, circles = {}, {}, [], set(), [0], []

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(calls.get(v, {})):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                circles.append(sorted(group))

    for v in sorted(set(calls) | set(defined.values())):
        if v not in index:
            visit(v)
    for group in circles:
        edges = ['lib/%s → lib/%s (%s)' % (a, b, ', '.join(calls[a][b]))
                 for a in group for b in group if b in calls.get(a, {})]
        problems.append('files that call each other: ' + '; '.join(edges))
    return problems


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    libdir = sys.argv[1]
    checks = [('includes', lambda: check_includes(libdir))]
    if len(sys.argv) == 3:
        checks.append(('calls', lambda: check_calls(libdir, sys.argv[2])))
    print('1..%d' % len(checks))
    failed = 0
    for n, (name, check) in enumerate(checks, 1):
        problems = check()
        if problems is None:
            print('ok %d - %s # SKIP nm not found' % (n, name))
        elif problems:
            failed += 1
            print('not ok %d - %s' % (n, name))
            for p in problems:
                print('# ' + p)
        else:
            print('ok %d - %s' % (n, name))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
