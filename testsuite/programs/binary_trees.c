/* Allocation-heavy binary trees (benchmarks game), depth 14. */
#include <stdio.h>
#include <stdlib.h>
struct node { struct node *l, *r; };
static struct node *make(int d) { struct node *n = malloc(sizeof *n); n->l = d ? make(d - 1) : NULL; n->r = d ? make(d - 1) : NULL; return n; }
static int check(struct node *n) { return 1 + (n->l ? check(n->l) + check(n->r) : 0); }
static void drop(struct node *n) { if (n->l) { drop(n->l); drop(n->r); } free(n); }
int main(void)
{
    int max = 14;
    struct node *longlived = make(max);
    for (int d = 4; d <= max; d += 2) {
        int iters = 1 << (max - d + 4), sum = 0;
        for (int i = 0; i < iters; i++) { struct node *t = make(d); sum += check(t); drop(t); }
        printf("%d trees of depth %d check %d\n", iters, d, sum);
    }
    printf("long lived check %d\n", check(longlived));
    drop(longlived);
    return 0;
}
