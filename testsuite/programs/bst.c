/* Binary search tree: insert, delete, in-order traversal, height. */
#include <stdio.h>
#include <stdlib.h>
struct t { int k; struct t *l, *r; };
static struct t *ins(struct t *n, int k) { if (!n) { n = calloc(1, sizeof *n); n->k = k; } else if (k < n->k) n->l = ins(n->l, k); else if (k > n->k) n->r = ins(n->r, k); return n; }
static struct t *del(struct t *n, int k)
{
    if (!n) return NULL;
    if (k < n->k) n->l = del(n->l, k); else if (k > n->k) n->r = del(n->r, k);
    else if (!n->l || !n->r) { struct t *c = n->l ? n->l : n->r; free(n); return c; }
    else { struct t *m = n->r; while (m->l) m = m->l; n->k = m->k; n->r = del(n->r, m->k); }
    return n;
}
static int height(struct t *n) { if (!n) return 0; int a = height(n->l), b = height(n->r); return 1 + (a > b ? a : b); }
static long walk(struct t *n, long acc) { if (!n) return acc; acc = walk(n->l, acc); acc = acc * 31 + n->k; return walk(n->r, acc % 1000000007); }
static void drop(struct t *n) { if (n) { drop(n->l); drop(n->r); free(n); } }
int main(void)
{
    struct t *root = NULL;
    unsigned s = 1;
    for (int i = 0; i < 20000; i++) { s = s * 1664525 + 1013904223; root = ins(root, (int)(s % 50000)); }
    for (int i = 0; i < 50000; i += 3) root = del(root, i);
    printf("height=%d walk=%ld\n", height(root), walk(root, 0));
    drop(root);
    return 0;
}
