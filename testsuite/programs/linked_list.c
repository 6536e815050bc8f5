/* Heap-allocated linked list: build, reverse, merge sort, free. */
#include <stdio.h>
#include <stdlib.h>
struct node { long v; struct node *next; };
static struct node *merge(struct node *a, struct node *b)
{
    struct node head, *t = &head;
    while (a && b) { if (a->v <= b->v) { t->next = a; a = a->next; } else { t->next = b; b = b->next; } t = t->next; }
    t->next = a ? a : b;
    return head.next;
}
static struct node *sort(struct node *l)
{
    if (!l || !l->next) return l;
    struct node *slow = l, *fast = l->next;
    while (fast && fast->next) { slow = slow->next; fast = fast->next->next; }
    struct node *r = slow->next;
    slow->next = NULL;
    return merge(sort(l), sort(r));
}
int main(void)
{
    struct node *l = NULL;
    unsigned s = 99;
    for (int i = 0; i < 50000; i++) { struct node *n = malloc(sizeof *n); s = s * 69069 + 1; n->v = s % 100000; n->next = l; l = n; }
    l = sort(l);
    long prev = -1, bad = 0, sum = 0;
    for (struct node *n = l; n; n = n->next) { bad += n->v < prev; prev = n->v; sum += n->v; }
    printf("sorted=%s sum=%ld first=%ld last=%ld\n", bad ? "no" : "yes", sum, l->v, prev);
    while (l) { struct node *n = l->next; free(l); l = n; }
    return 0;
}
