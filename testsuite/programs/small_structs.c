/* Small structs in registers: pairs of ints, float vectors, mixed members (SysV classification). */
#include <stdio.h>
struct pt { int x, y; };
struct v3 { float x, y, z; };
struct mix { double d; long l; };
struct three { long a, b, c; };
static struct pt add(struct pt a, struct pt b) { return (struct pt){a.x + b.x, a.y + b.y}; }
static struct v3 cross(struct v3 a, struct v3 b) { return (struct v3){a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }
static struct mix mixup(struct mix m, int k) { m.d *= k; m.l += k; return m; }
static struct three rot(struct three t) { return (struct three){t.b, t.c, t.a}; }
int main(void)
{
    struct pt p = {0, 0};
    for (int i = 0; i < 1000; i++) p = add(p, (struct pt){i, -2 * i});
    struct v3 c = cross((struct v3){1, 2, 3}, (struct v3){4, 5, 6});
    struct mix m = {1.5, 10};
    for (int k = 1; k < 6; k++) m = mixup(m, k);
    struct three t = {1, 2, 3};
    for (int i = 0; i < 5; i++) t = rot(t);
    printf("%d %d | %.1f %.1f %.1f | %.1f %ld | %ld %ld %ld\n", p.x, p.y, c.x, c.y, c.z, m.d, m.l, t.a, t.b, t.c);
    return 0;
}
