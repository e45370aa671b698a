/* SPDX-License-Identifier: GPL-3.0-or-later */
/* <wfm.h> compiles as C++ (-pedantic -Wall -Wextra -Werror), its extern "C"
 * block gives C linkage (the program links), and the signatures are the
 * published ones. */
#include <wfm.h>
#include <wfm.h> /* the include guards work */

#include <cstddef>
#include <cstdio>

#include "header-use.inc"

int
main()
{
    if (wfm_abi_use_all() != 0) {
        std::fprintf(stderr, "calling the API from C++ gave unexpected results\n");
        return 1;
    }
    std::printf("ok: <wfm.h> %s compiles as C++ and links\n", wfm_version_string());
    return 0;
}
