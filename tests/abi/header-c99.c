/* SPDX-License-Identifier: GPL-3.0-or-later */
/* <wfm.h> compiles as strict C99 (-std=c99 -pedantic -Wall -Wextra -Werror),
 * every signature is the published one, and the program links and runs. */
#include <wfm.h>
#include <wfm.h> /* the include guards work */

#include <stddef.h>
#include <stdio.h>

#include "header-use.inc"

int
main(void)
{
    if (wfm_abi_use_all() != 0) {
        fprintf(stderr, "calling the API from C99 gave unexpected results\n");
        return 1;
    }
    printf("ok: <wfm.h> %s compiles as C99 and links\n", wfm_version_string());
    return 0;
}
