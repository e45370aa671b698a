#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Public-header rules (STYLE.md §3 and the FFI checklist of §5).

For each public header:
  * an include guard WFM_<NAME>_H (#ifndef / #define at the top, #endif last);
  * system includes limited to <stddef.h> and <stdint.h>; other includes are
    wfm's own public headers ("wfm/..." or <wfm/...>);
  * if it declares anything, an extern "C" block under #ifdef __cplusplus;
  * no static or inline functions, no function-like macros, no bit-fields,
    no varargs or va_list, no long (use fixed-width types);
  * enum constants start with WFM_, typedef and enum tags with wfm_.

Usage: check-header-rules.py HEADER...
Exit status: 0 pass, 1 fail.
"""

import os
import re
import sys

ALLOWED_SYSTEM = {'stddef.h', 'stdint.h'}


def strip_comments_and_strings(text):
    text = re.sub(r'/\*.*?\*/', lambda m: ' ' + '\n' * m.group(0).count('\n'), text, flags=re.S)
    text = re.sub(r'//[^\n]*', '', text)
    return text


def check(path, problems):
    name = os.path.basename(path)
    with open(path, encoding='utf-8') as f:
        raw = f.read()
    text = strip_comments_and_strings(raw)
    # Join continuation lines so that a directive is one line.
    text = re.sub(r'\\\n', ' ', text)
    lines = [ln.strip() for ln in text.split('\n') if ln.strip()]

    def bad(msg):
        problems.append(f'{name}: {msg}')

    # Include guard: WFM_<BASENAME>_H, e.g. wfm/erlang.h -> WFM_ERLANG_H,
    # wfm.h -> WFM_H.
    stem = re.sub(r'\W', '_', name[:-2]).upper()
    guard = 'WFM_H' if stem == 'WFM' else f'WFM_{stem}_H'
    if len(lines) < 3 or lines[0] != f'#ifndef {guard}' or \
            not re.fullmatch(rf'#\s*define\s+{guard}', lines[1]) or \
            not lines[-1].startswith('#endif'):
        bad(f'expected the include guard "#ifndef {guard}" / "#define {guard}" first '
            'and "#endif" last')

    directives = [ln for ln in lines if ln.startswith('#')]
    for d in directives:
        m = re.match(r'#\s*include\s*([<"])([^">]+)[">]', d)
        if m:
            target = m.group(2)
            if target.startswith('wfm/'):
                continue
            if m.group(1) == '<' and target in ALLOWED_SYSTEM:
                continue
            shown = f'<{target}>' if m.group(1) == '<' else f'"{target}"'
            bad(f'includes {shown}: a public header includes only '
                '<stddef.h>, <stdint.h> and wfm headers')
        m = re.match(r'#\s*define\s+(\w+)\(', d)
        if m:
            bad(f'function-like macro {m.group(1)}(): not callable from FFI; use a function')

    code_lines = [ln for ln in lines if not ln.startswith('#')]
    code = '\n'.join(code_lines)
    has_decls = bool(re.search(r'\bWFM_API\b|\benum\b|\btypedef\b|\bstruct\b', code))
    if has_decls:
        if not re.search(r'#\s*ifdef\s+__cplusplus\s*\n\s*extern\s+"C"\s*\{', text):
            bad('declares API but has no "#ifdef __cplusplus / extern \\"C\\" {" block')
    if re.search(r'\bstatic\b', code) or re.search(r'\binline\b', code):
        bad('static/inline code in a public header (no static inline API)')
    if re.search(r'\.\.\.', code) or re.search(r'\bva_list\b', code):
        bad('varargs or va_list in the API (not fixed-arity)')
    if re.search(r'\blong\b', code):
        bad('"long" in the API: use fixed-width integer types')
    # Bit-fields: "name : width;" inside a struct body.
    for body in re.findall(r'\bstruct\b[^{;]*\{([^}]*)\}', code):
        if re.search(r'\w\s*:\s*\d+\s*;', body):
            bad('bit-field in a public struct')
    for body in re.findall(r'\benum\b\s*\w*\s*\{([^}]*)\}', code):
        for const in re.findall(r'([A-Za-z_]\w*)\s*(?:=[^,]*)?(?:,|$)', body.strip()):
            if not const.startswith('WFM_'):
                bad(f'enum constant {const} does not start with WFM_')
    for tag in re.findall(r'\b(?:enum|struct|union)\s+([A-Za-z_]\w*)', code):
        if not tag.startswith('wfm_'):
            bad(f'tag {tag} does not start with wfm_')
    for stmt in re.findall(r'\btypedef\b([^;]*);', code):
        m = re.search(r'\(\s*\*\s*(\w+)\s*\)|(\w+)\s*(?:\[[^\]]*\])?\s*$', stmt.strip())
        tname = m and (m.group(1) or m.group(2))
        if tname and not tname.startswith('wfm_'):
            bad(f'typedef {tname} does not start with wfm_')


def main(argv):
    if not argv:
        print('usage: check-header-rules.py HEADER...')
        return 1
    problems = []
    for path in argv:
        check(path, problems)
    print(f'checked {len(argv)} headers: ' + ', '.join(os.path.basename(p) for p in argv))
    if problems:
        print('FAIL:\n  ' + '\n  '.join(problems))
        return 1
    print('OK')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
