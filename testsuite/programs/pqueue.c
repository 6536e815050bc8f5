/* Binary heap priority queue and Dijkstra on a generated grid graph. */
#include <stdio.h>
#define N 60
static int cost[N][N], dist[N * N], heap[N * N * 4], hn;
static void push(int d, int v) { int i = hn++; heap[i] = d * 4096 + v; while (i && heap[(i - 1) / 2] > heap[i]) { int t = heap[i]; heap[i] = heap[(i - 1) / 2]; heap[(i - 1) / 2] = t; i = (i - 1) / 2; } }
static int pop(void)
{
    int top = heap[0], i = 0;
    heap[0] = heap[--hn];
    for (;;) { int l = 2 * i + 1, r = l + 1, m = i; if (l < hn && heap[l] < heap[m]) m = l; if (r < hn && heap[r] < heap[m]) m = r; if (m == i) break; int t = heap[i]; heap[i] = heap[m]; heap[m] = t; i = m; }
    return top;
}
int main(void)
{
    for (int y = 0; y < N; y++) for (int x = 0; x < N; x++) cost[y][x] = (x * 7 + y * 13 + x * y) % 9 + 1;
    for (int i = 0; i < N * N; i++) dist[i] = 1 << 30;
    dist[0] = 0; push(0, 0);
    while (hn) {
        int top = pop(), d = top / 4096, v = top % 4096;
        if (d > dist[v]) continue;
        int y = v / N, x = v % N, dy[] = {1, -1, 0, 0}, dx[] = {0, 0, 1, -1};
        for (int k = 0; k < 4; k++) {
            int ny = y + dy[k], nx = x + dx[k];
            if (ny < 0 || nx < 0 || ny >= N || nx >= N) continue;
            int nd = d + cost[ny][nx], w = ny * N + nx;
            if (nd < dist[w]) { dist[w] = nd; push(nd, w); }
        }
    }
    printf("shortest=%d mid=%d\n", dist[N * N - 1], dist[N * N / 2]);
    return 0;
}
