/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Replays a fuzz corpus without libFuzzer: runs LLVMFuzzerTestOneInput()
 * once on every regular file of the directory given as argv[1]. A failing
 * input aborts (the target's checks) or trips a sanitizer, so this is a
 * normal test in the `fuzz` suite. Exit 77 (skip) if the corpus is empty.
 */
#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole file, malloc'd (at least one byte, so that an empty file is
 * still a valid pointer); NULL on error. */
static uint8_t *
read_file(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    uint8_t *data = malloc(cap);
    while (data != NULL) {
        n += fread(data + n, 1, cap - n, f);
        if (n < cap)
            break;
        uint8_t *grown = realloc(data, 2 * cap);
        if (grown == NULL) {
            free(data);
            data = NULL;
            break;
        }
        data = grown;
        cap *= 2;
    }
    if (data != NULL && ferror(f)) {
        free(data);
        data = NULL;
    }
    fclose(f);
    *size = n;
    return data;
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s CORPUS-DIRECTORY\n", argv[0]);
        return 2;
    }
    DIR *dir = opendir(argv[1]);
    if (dir == NULL) {
        perror(argv[1]);
        return 1;
    }
    size_t runs = 0;
    int status = 0;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        char path[4096];
        struct stat st;
        if (snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name) >= (int)sizeof path ||
            stat(path, &st) != 0 || !S_ISREG(st.st_mode))
            continue;
        size_t size;
        uint8_t *data = read_file(path, &size);
        if (data == NULL) {
            fprintf(stderr, "cannot read %s\n", path);
            status = 1;
            continue;
        }
        printf("%s (%zu bytes)\n", e->d_name, size);
        fflush(stdout); /* so that a crash shows which input did it */
        LLVMFuzzerTestOneInput(data, size);
        free(data);
        runs++;
    }
    closedir(dir);
    printf("%zu inputs replayed\n", runs);
    return status != 0 ? status : runs == 0 ? 77 : 0;
}
