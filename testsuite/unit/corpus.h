/* Loading the verifier corpus (the .vxt files under testsuite/verifier). */
#ifndef VX_CORPUS_H
#define VX_CORPUS_H
#include <stddef.h>

struct corpus_case {
    char name[96];
    char file[64];
    char expect[32];       /* "safe" or a rule name */
    int deterministic;
    unsigned char code[1024];
    size_t size;
    char error[128];       /* set when the case could not be built */
};

/* Loads every case of every .vxt file in dir; returns the count or -1. */
int corpus_load(const char *dir, struct corpus_case **cases);

#endif
