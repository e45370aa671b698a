# SPDX-License-Identifier: GPL-3.0-or-later
"""Loading libwfm.so for the ctypes tests, with argtypes/restype set."""
import ctypes
import os
import sys

SKIP = 77  # meson's exit code for a skipped test

# Environmental dlopen failures: not the library's fault.
ENVIRONMENTAL = ('wrong ELF class', 'ELFCLASS', 'cannot open shared object file',
                 'static TLS', 'ASan runtime', 'architecture')


def load(path, signatures):
    """The library at `path` with every function of `signatures`
    ({name: (restype, argtypes)}) bound; exits 1 on failure, SKIP when the
    environment cannot load it."""
    if not os.path.isfile(path):
        # The build produced no library: a real failure, not a skip.
        print(f'FAIL: {path} does not exist')
        sys.exit(1)
    try:
        handle = ctypes.CDLL(path)
    except OSError as e:
        msg = str(e)
        if any(s in msg for s in ENVIRONMENTAL) and not (
                'cannot open shared object file' in msg and msg.startswith(path)):
            print(f'SKIP: cannot load {path} in this environment: {msg}')
            sys.exit(SKIP)
        print(f'FAIL: cannot load {os.path.basename(path)}: {msg}')
        sys.exit(1)
    for name, (res, args) in signatures.items():
        fn = getattr(handle, name)  # AttributeError: symbol not exported
        fn.restype = res
        fn.argtypes = args
    return handle
