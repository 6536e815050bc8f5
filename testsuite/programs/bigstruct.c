/* Large structures passed and returned by value, and assigned. */
#include <stdio.h>
struct big {
    int id;
    double weights[64];
    char name[100];
    long tail[30];
};
static struct big make(int id)
{
    struct big b;
    b.id = id;
    for (int i = 0; i < 64; i++)
        b.weights[i] = id * 0.5 + i;
    snprintf(b.name, sizeof b.name, "item-%d", id);
    for (int i = 0; i < 30; i++)
        b.tail[i] = (long)id * i;
    return b;
}
static double score(struct big b) { double s = b.id; for (int i = 0; i < 64; i++) s += b.weights[i]; return s + b.tail[29]; }
int main(void)
{
    struct big arr[20];
    for (int i = 0; i < 20; i++)
        arr[i] = make(i);
    struct big swap = arr[3];
    arr[3] = arr[17];
    arr[17] = swap;
    double total = 0;
    for (int i = 0; i < 20; i++)
        total += score(arr[i]);
    printf("%s %s %.2f\n", arr[3].name, arr[17].name, total);
    return 0;
}
