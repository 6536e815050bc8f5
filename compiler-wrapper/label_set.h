/* A small set of strings: labels that must start a bundle. */
#ifndef VXCC_LABEL_SET_H
#define VXCC_LABEL_SET_H

struct label_set {
    char **slots;
    unsigned cap, count;
};

void label_set_add(struct label_set *s, const char *name, int len);
int label_set_has(const struct label_set *s, const char *name);
void label_set_free(struct label_set *s);

#endif
