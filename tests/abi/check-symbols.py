#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""ABI symbols test: public headers, version script and shared library agree.

Three sets must be identical, and every name in them must start with "wfm_":

  * the functions declared with WFM_API in the public headers;
  * the global names of every node of the version script (lib/wfm.map);
  * the dynamic symbols the built shared library defines (nm -D --defined-only).

The version script is also checked for form (STYLE.md §2): names sorted in
each node, no name in two nodes, no wildcard among the globals, "local: *;"
in the first node, each later node chained to the one before it, node names
WFM_MAJOR.MINOR in increasing order. When nm prints symbol versions, every
exported symbol must carry the default version (@@) of the node that lists it.

The headers themselves: every function a public header declares must carry
WFM_API (or it would be hidden), every header in include/wfm/ must be in the
list the build installs and checks, and the umbrella <wfm.h> must include
each of them.

Usage:
  check-symbols.py --nm NM --lib LIBWFM.so --map wfm.map
                   [--header-dir include/wfm] [--umbrella include/wfm.h]
                   HEADER...

Exit status: 0 pass, 1 fail (every problem is listed), 77 skip (nm missing).
"""

import argparse
import os
import re
import subprocess
import sys

PREFIX = 'wfm_'

# ---------------------------------------------------------------- C headers

_TOKEN = re.compile(r'[A-Za-z_]\w*|\d[\w.]*|\S')


def strip_c(text):
    """Remove comments, string/char literals and preprocessor lines."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(' ' + '\n' * text.count('\n', i, j))
            i = j
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + c)  # keep an empty literal as a token
            i = j + 1
        else:
            out.append(c)
            i += 1
    text = ''.join(out)
    # Preprocessor directives, with their continuation lines.
    lines, skip = [], False
    for line in text.split('\n'):
        if skip or line.lstrip().startswith('#'):
            skip = line.rstrip().endswith('\\')
            lines.append('')
        else:
            lines.append(line)
    text = '\n'.join(lines)
    # extern "C" { ... } wrappers (the closing brace is dropped below).
    return re.sub(r'\bextern\s*""\s*\{', ' ', text)


def statements(text):
    """Split cleaned C text into top-level statements (lists of tokens)."""
    stmt, out, brace, paren = [], [], 0, 0
    for tok in _TOKEN.findall(text):
        if tok == '}' and brace == 0:
            continue  # end of an extern "C" block
        stmt.append(tok)
        if tok == '{':
            brace += 1
        elif tok == '}':
            brace -= 1
        elif tok == '(':
            paren += 1
        elif tok == ')':
            paren -= 1
        elif tok == ';' and brace == 0 and paren == 0:
            out.append(stmt)
            stmt = []
    if [t for t in stmt if t != ';']:
        out.append(stmt)
    return out


def _is_attribute_macro(tok):
    return tok in ('__attribute__', '__declspec') or re.fullmatch(r'[A-Z][A-Z0-9_]*', tok)


def function_name(stmt):
    """Name of the function a declaration statement declares, or None."""
    depth = 0
    for i, tok in enumerate(stmt):
        if tok == '(':
            if depth == 0 and i > 0 and re.fullmatch(r'[A-Za-z_]\w*', stmt[i - 1]) \
                    and not _is_attribute_macro(stmt[i - 1]):
                return stmt[i - 1]
            depth += 1
        elif tok == ')':
            depth -= 1
        elif tok == '{' and depth == 0:
            return None
    return None


def parse_header(path, problems):
    """Return the set of WFM_API functions declared in one header."""
    with open(path, encoding='utf-8') as f:
        text = strip_c(f.read())
    name = os.path.basename(path)
    api = set()
    for stmt in statements(text):
        head = stmt[0] if stmt else ''
        if head == 'typedef':
            continue
        if head in ('enum', 'struct', 'union') and '{' in stmt[:3]:
            continue
        fn = function_name(stmt)
        if 'WFM_API' in stmt:
            if '{' in stmt:
                problems.append(f'{name}: WFM_API on a definition (bodies do not belong in a public header): '
                                + ' '.join(stmt[:12]))
            elif fn is None:
                problems.append(f'{name}: WFM_API on something that is not a function: '
                                + ' '.join(stmt[:12]))
            elif fn in api:
                problems.append(f'{name}: {fn} declared twice')
            else:
                api.add(fn)
        elif fn is not None and '{' not in stmt:
            problems.append(f'{name}: function {fn} is declared without WFM_API '
                            '(hidden by -fvisibility=hidden, so users cannot link it)')
    return api


# ---------------------------------------------------------- version script

def parse_map(path, problems):
    """Parse a GNU ld version script: a list of nodes (dicts)."""
    with open(path, encoding='utf-8') as f:
        text = f.read()
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'#[^\n]*', ' ', text)
    if 'extern' in text:
        problems.append('wfm.map: extern "C++" blocks are not supported by this test; '
                        'the C API needs none')
    toks = re.findall(r'[\w.$*?\[\]]+|[{};:]', text)
    nodes, i = [], 0
    while i < len(toks):
        name = None
        if toks[i] != '{':
            name = toks[i]
            i += 1
        if i >= len(toks) or toks[i] != '{':
            problems.append(f'wfm.map: cannot parse near {" ".join(toks[i:i + 5])!r}')
            return nodes
        i += 1
        node = {'name': name, 'global': [], 'local': [], 'parent': None}
        section = 'global'
        while i < len(toks) and toks[i] != '}':
            if toks[i] in ('global', 'local') and i + 1 < len(toks) and toks[i + 1] == ':':
                section = toks[i]
                i += 2
                continue
            if toks[i] != ';':
                node[section].append(toks[i])
            i += 1
        i += 1  # '}'
        if i < len(toks) and toks[i] != ';':
            node['parent'] = toks[i]
            i += 1
        if i < len(toks) and toks[i] == ';':
            i += 1
        else:
            problems.append(f'wfm.map: node {name}: missing ";" after "}}"')
        nodes.append(node)
    return nodes


def check_map(nodes, problems):
    if not nodes:
        problems.append('wfm.map: no version node')
        return set()
    seen = {}
    for k, node in enumerate(nodes):
        name = node['name'] or '<anonymous>'
        if node['name'] is None:
            problems.append('wfm.map: anonymous version node: every release needs a named node')
        elif not re.fullmatch(r'WFM_\d+\.\d+', node['name']):
            problems.append(f'wfm.map: node {name} is not named WFM_MAJOR.MINOR')
        glob = node['global']
        if glob != sorted(glob):
            problems.append(f'wfm.map: node {name}: names are not sorted; expected order: '
                            + ', '.join(sorted(glob)))
        for sym in glob:
            if re.search(r'[*?\[]', sym):
                problems.append(f'wfm.map: node {name}: wildcard {sym!r} among the globals')
            if sym in seen:
                problems.append(f'wfm.map: {sym} is listed in both {seen[sym]} and {name}')
            else:
                seen[sym] = name
        if k == 0:
            if node['local'] != ['*']:
                problems.append(f'wfm.map: the first node ({name}) must end with "local: *;" '
                                f'(found local: {node["local"]})')
            if node['parent'] is not None:
                problems.append(f'wfm.map: the first node ({name}) must not inherit another')
        else:
            prev = nodes[k - 1]['name']
            if node['parent'] != prev:
                problems.append(f'wfm.map: node {name} must inherit the node before it '
                                f'("}} {prev};"), found {node["parent"]!r}')
            if node['local']:
                problems.append(f'wfm.map: node {name}: "local:" belongs in the first node only')
    names = [n['name'] for n in nodes if n['name']]
    if len(set(names)) != len(names):
        problems.append('wfm.map: duplicate node names')

    def key(nm):
        m = re.fullmatch(r'WFM_(\d+)\.(\d+)', nm or '')
        return (int(m.group(1)), int(m.group(2))) if m else None
    keys = [key(n) for n in names]
    if None not in keys and keys != sorted(keys):
        problems.append('wfm.map: nodes are not in release order: ' + ', '.join(names))
    return seen  # symbol -> node


# ------------------------------------------------------------------ the .so

def exported_symbols(nm, lib, problems):
    """Return ({name: (type, version or None, default?)}, {version-def names})."""
    res = subprocess.run([nm, '-D', '--defined-only', lib],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         universal_newlines=True)
    if res.returncode != 0:
        problems.append(f'{nm} -D --defined-only {lib} failed ({res.returncode}): {res.stderr.strip()}')
        return {}, set()
    syms, verdefs = {}, set()
    for line in res.stdout.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        typ, full = parts[-2], parts[-1]
        name, version, default = full, None, False
        if '@@' in full:
            name, version = full.split('@@', 1)
            default = True
        elif '@' in full:
            name, version = full.split('@', 1)
        if typ == 'A' and version is None:
            verdefs.add(name)  # a version node definition, e.g. WFM_1.0
            continue
        if name in syms:
            problems.append(f'{os.path.basename(lib)} exports {name} more than once '
                            f'({syms[name]} and {(typ, version, default)})')
        syms[name] = (typ, version, default)
    return syms, verdefs


# ------------------------------------------------------------------- main

def show(title, names):
    return f'{title}: ' + (', '.join(sorted(names)) if names else '(none)')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--nm', required=True)
    ap.add_argument('--lib', required=True)
    ap.add_argument('--map', required=True)
    ap.add_argument('--header-dir', help='source include/wfm: every header in it must be listed')
    ap.add_argument('--umbrella', help='include/wfm.h: must include every listed header')
    ap.add_argument('headers', nargs='+')
    args = ap.parse_args()

    if not os.path.isfile(args.nm) and not any(
            os.access(os.path.join(p, args.nm), os.X_OK)
            for p in os.environ.get('PATH', '').split(os.pathsep)):
        print(f'SKIP: nm not found ({args.nm})')
        return 77
    problems = []

    # 1. Headers.
    api = {}
    for h in args.headers:
        for fn in parse_header(h, problems):
            if fn in api:
                problems.append(f'{fn} declared with WFM_API in both {api[fn]} and {os.path.basename(h)}')
            api[fn] = os.path.basename(h)
    listed = {os.path.basename(h) for h in args.headers}
    if args.header_dir:
        present = set()
        for f in os.listdir(args.header_dir):
            if f.endswith('.h'):
                present.add(f)
            elif f.endswith('.h.in'):
                present.add(f[:-3])
        for f in sorted(present - listed):
            problems.append(f'include/wfm/{f} is not in the public header list '
                            '(include/wfm/meson.build public_headers): not installed, not checked')
        for f in sorted(listed - present):
            problems.append(f'{f} is checked but is not in {args.header_dir}')
    if args.umbrella:
        with open(args.umbrella, encoding='utf-8') as f:
            inc = set(re.findall(r'^\s*#\s*include\s*[<"]wfm/([^">]+)[">]', f.read(), flags=re.M))
        for h in sorted(listed - inc):
            problems.append(f'<wfm.h> does not include <wfm/{h}>')
        for h in sorted(inc - listed):
            problems.append(f'<wfm.h> includes <wfm/{h}>, which is not a checked public header')

    # 2. Version script.
    nodes = parse_map(args.map, problems)
    mapped = check_map(nodes, problems)

    # 3. The shared library.
    syms, verdefs = exported_symbols(args.nm, args.lib, problems)
    exported = set(syms)

    api_set, map_set = set(api), set(mapped)
    everything = api_set | map_set | exported
    for name in sorted(everything):
        if not name.startswith(PREFIX):
            where = [w for w, s in (('headers', api_set), ('wfm.map', map_set),
                                    ('libwfm.so', exported)) if name in s]
            problems.append(f'{name} does not start with "{PREFIX}" (in {", ".join(where)})')
    if not (api_set == map_set == exported):
        problems.append('the three symbol sets differ:')
        for title, s in (('  declared with WFM_API, not in wfm.map', api_set - map_set),
                         ('  in wfm.map, not declared with WFM_API', map_set - api_set),
                         ('  declared with WFM_API, not exported by the library', api_set - exported),
                         ('  exported by the library, not declared with WFM_API', exported - api_set),
                         ('  in wfm.map, not exported by the library', map_set - exported),
                         ('  exported by the library, not in wfm.map', exported - map_set)):
            if s:
                problems.append(show(title, s))

    for name, (typ, version, default) in sorted(syms.items()):
        if typ not in ('T', 'W', 'i'):
            problems.append(f'{name} is exported as a {typ!r} symbol, not a function')
    node_names = {n['name'] for n in nodes if n['name']}
    if any(v[1] is not None for v in syms.values()) or verdefs:
        if verdefs != node_names:
            problems.append(show('version nodes defined in the library', verdefs) + '; '
                            + show('in wfm.map', node_names))
        for name, (typ, version, default) in sorted(syms.items()):
            if name in mapped and version != mapped[name]:
                problems.append(f'{name} carries version {version!r}, but wfm.map lists it in {mapped[name]}')
            elif name in mapped and not default:
                problems.append(f'{name}@{version} is not the default version (@@)')
    elif exported:
        problems.append('the library carries no symbol versions: the version script was not '
                        'applied at link time')

    print(f'{len(api_set)} WFM_API functions in {len(args.headers)} headers; '
          f'{len(map_set)} names in {len(nodes)} wfm.map node(s) '
          f'({", ".join(str(n["name"]) for n in nodes)}); '
          f'{len(exported)} symbols exported by {os.path.basename(args.lib)}')
    if problems:
        print('FAIL:')
        for p in problems:
            print('  ' + p)
        return 1
    print('OK: ' + ', '.join(sorted(api_set)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
