#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# ABI check against the last release (STYLE.md §7 and §11): the libwfm.so
# of a build against the committed baseline in tests/abi/:
#   libwfm.so.N.abi.xml  abidw's dump of the release's public ABI: exported
#                        functions with their types as the public headers
#                        (include/wfm/) define them; private types dropped
#   libwfm.so.N.enums    the constants of the public enums ("TAG NAME
#                        VALUE"), which abidiff cannot see: no exported
#                        function takes or returns an enum type (the API
#                        passes int32_t), so DWARF does not tie them to it
# N is the SONAME's version; the library checked is BUILD/lib/libwfm.so.N.
#
# Usage:
#   tests/abi/check-abi.sh BUILD            check (.ci/run calls this)
#   tests/abi/check-abi.sh --update BUILD   write the baseline from BUILD
# BUILD is a gcc build with debug info: meson's default buildtype
# (debugoptimized, -O2 -g), e.g. the README's `build`. Needs abidw and
# abidiff (Debian: abigail-tools), python3 and a C compiler ($CC or cc).
#
# The comparison: abidiff BASELINE LIBRARY --fail-no-debug-info
# --no-added-syms. The private types are dropped once, in the baseline
# (abidw --drop-private-types --headers-dir include/wfm): the handles
# (struct wfm_plan, ...) are declarations there, and abidiff takes a
# declaration and any definition of a struct as the same, so internals may
# change freely. abidiff itself gets no --headers-dir2/--drop-private-types:
# with them it files every type defined outside include/wfm as private and
# filters its changes, and the API's parameters are int32_t, size_t,
# double: a parameter changed from int32_t to int64_t passed unnoticed.
#
# What passes and what fails. With --no-added-syms added functions and
# variables are neither reported nor counted (without it an addition alone
# exits 4). The exit status is a bit field (libabigail manual, abidiff,
# "Return values"):
#   1  ABIDIFF_ERROR                    the tool failed (a library without
#                                       debug info is refused before: with
#                                       it abidiff compares symbols only,
#                                       and --fail-no-debug-info does not
#                                       catch that in libabigail 2.2)
#   2  ABIDIFF_USAGE_ERROR              bad command line (with 1)
#   4  ABIDIFF_ABI_CHANGE               the ABIs differ: a function's
#                                       parameter or return type, or a public
#                                       type reachable from it, changed;
#                                       libabigail leaves it to a human to
#                                       decide whether that is compatible
#   8  ABIDIFF_ABI_INCOMPATIBLE_CHANGE  a function or variable symbol was
#                                       removed (or its symbol version
#                                       changed); always with 4
# Harmless changes (libabigail's default filter, e.g. a typedef renamed to
# the same type) set no bit. Additions give 0 and pass. Every other
# status fails: a removal (12), a change (4) — our rule is that a
# published signature never changes — and an error (1, 3), since then
# nothing was checked. For the enums: a constant of the baseline that is
# gone or has another value fails; new constants pass.
#
# Regenerating the baseline is a decision, never a way to make CI green:
# - at each release, from the release's commit, so that the symbols and
#   constants it added are protected from then on;
# - when the ABI is broken on purpose: bump `soversion` in meson.build and
#   the expected SONAME in tests/abi/meson.build, say why in NEWS.md, then
#   regenerate (the files get the new SONAME's name; delete the old ones).
# From a clean checkout of that commit, on Debian 12 with gcc (as CI):
#   meson setup build && ninja -C build
#   tests/abi/check-abi.sh --update build
#   git add tests/abi/libwfm.so.*.abi.xml tests/abi/libwfm.so.*.enums
set -euo pipefail

update=false
if [ "${1:-}" = "--update" ]; then
    update=true
    shift
fi
if [ $# -ne 1 ]; then
    echo "usage: $0 [--update] BUILD_DIR" >&2
    exit 2
fi
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
headers=$src/include/wfm
version_h=$build/include/wfm/version.h
cc=${CC:-cc}

for tool in abidw abidiff python3; do
    if ! command -v "$tool" >/dev/null; then
        echo "check-abi: $tool not found (Debian: abigail-tools, python3)" >&2
        exit 1
    fi
done
if [ ! -f "$version_h" ]; then
    echo "check-abi: no $version_h: is $build a configured and built wfm build?" >&2
    exit 1
fi

# The build's library: the SONAME of its libwfm.so.
if [ ! -e "$build/lib/libwfm.so" ]; then
    echo "check-abi: no $build/lib/libwfm.so: build the library first (ninja -C $build)" >&2
    exit 1
fi
soname=$(readelf -d "$build/lib/libwfm.so" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
if [ -z "$soname" ]; then
    echo "check-abi: $build/lib/libwfm.so has no SONAME" >&2
    exit 1
fi
lib=$build/lib/$soname
# Without DWARF abidiff compares symbols only, and says nothing: in
# libabigail 2.2 --fail-no-debug-info does not fail on such a library.
# The sections are read whole before grep -q: piped, grep -q exits at the
# first match and readelf's next write dies of SIGPIPE, which pipefail
# turned into "no debug info" about one run in ten.
sections=$(readelf -S "$lib")
if ! grep -q '\.debug_info' <<<"$sections"; then
    echo "check-abi: $lib has no debug info (.debug_info): build with -g" \
         "(meson's default buildtype, debugoptimized)" >&2
    exit 1
fi

enum_constants() {
    python3 "$here/enum-constants.py" --cc "$cc" -I "$src/include" -I "$build/include" \
        "$headers"/*.h | LC_ALL=C sort
}

if $update; then
    # Public types only (--headers-dir, the generated version.h too),
    # exported interfaces only (no declarations of internal functions),
    # no paths of this machine (--no-corpus-path, --no-comp-dir-path,
    # --short-locs): the file changes only when the ABI does.
    rm -f "$here"/libwfm.so.*.abi.xml "$here"/libwfm.so.*.enums
    abidw --drop-private-types --exported-interfaces-only \
        --headers-dir "$headers" --header-file "$version_h" \
        --no-corpus-path --no-comp-dir-path --short-locs \
        --out-file "$here/$soname.abi.xml" "$lib"
    enum_constants >"$here/$soname.enums"
    echo "check-abi: wrote $here/$soname.abi.xml and $here/$soname.enums from $lib"
    exit 0
fi

baseline=$here/$soname.abi.xml
enums=$here/$soname.enums
if [ ! -f "$baseline" ] || [ ! -f "$enums" ]; then
    echo "check-abi: the library's SONAME is $soname but there is no baseline for it" >&2
    echo "  ($baseline, $enums). A new SONAME is an ABI break: if it is deliberate," >&2
    echo "  regenerate the baseline as the comment at the top of $0 says." >&2
    exit 1
fi

status=0
echo "check-abi: $lib against $(basename "$baseline")"
set +e
abidiff --fail-no-debug-info --no-added-syms "$baseline" "$lib"
diff_status=$?
set -e
if [ $diff_status -eq 0 ]; then
    echo "check-abi: no removed or changed function, variable or public type"
else
    what=""
    if [ $((diff_status & 1)) -ne 0 ]; then what="$what abidiff failed (no debug info? -g is needed);"; fi
    if [ $((diff_status & 2)) -ne 0 ]; then what="$what abidiff was called wrongly;"; fi
    if [ $((diff_status & 8)) -ne 0 ]; then what="$what a symbol was removed (incompatible);"
    elif [ $((diff_status & 4)) -ne 0 ]; then what="$what a function or public type changed;"; fi
    echo "check-abi: FAIL (abidiff exit status $diff_status):$what see the report above" >&2
    status=1
fi

# Public enum constants: every one of the baseline, with the same value.
current=$(enum_constants)
missing=$(LC_ALL=C comm -23 <(LC_ALL=C sort "$enums") <(printf '%s\n' "$current"))
if [ -n "$missing" ]; then
    echo "check-abi: FAIL: public enum constants removed or renumbered (TAG NAME VALUE of $(basename "$enums")):" >&2
    printf '%s\n' "$missing" | sed 's/^/  /' >&2
    status=1
else
    echo "check-abi: every public enum constant of $(basename "$enums") keeps its value"
fi
exit $status
