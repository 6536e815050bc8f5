/* Dynamic programming: edit distance, longest common subsequence, knapsack. */
#include <stdio.h>
#include <string.h>
static int lev(const char *a, const char *b)
{
    int n = (int)strlen(a), m = (int)strlen(b), d[64][64];
    for (int i = 0; i <= n; i++) d[i][0] = i;
    for (int j = 0; j <= m; j++) d[0][j] = j;
    for (int i = 1; i <= n; i++) for (int j = 1; j <= m; j++) {
        int c = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]), x = d[i - 1][j] + 1, y = d[i][j - 1] + 1;
        d[i][j] = c < x ? (c < y ? c : y) : (x < y ? x : y);
    }
    return d[n][m];
}
static int lcs(const char *a, const char *b)
{
    int n = (int)strlen(a), m = (int)strlen(b), d[64][64] = {{0}};
    for (int i = 1; i <= n; i++) for (int j = 1; j <= m; j++)
        d[i][j] = a[i - 1] == b[j - 1] ? d[i - 1][j - 1] + 1 : (d[i - 1][j] > d[i][j - 1] ? d[i - 1][j] : d[i][j - 1]);
    return d[n][m];
}
int main(void)
{
    const char *w[] = {"kitten", "sitting", "sandbox", "sandcastle", "verifier", "verified", "bundle", "handle"};
    for (int i = 0; i < 8; i += 2) printf("%s/%s lev=%d lcs=%d\n", w[i], w[i + 1], lev(w[i], w[i + 1]), lcs(w[i], w[i + 1]));
    int best[1001] = {0}, wt[] = {12, 7, 11, 8, 9, 23, 31, 5, 17, 3}, val[] = {24, 13, 23, 15, 16, 50, 61, 9, 33, 4};
    for (int k = 0; k < 10; k++) for (int c = 1000; c >= wt[k]; c--) if (best[c - wt[k]] + val[k] > best[c]) best[c] = best[c - wt[k]] + val[k];
    printf("knapsack(60)=%d knapsack(100)=%d\n", best[60], best[100]);
    return 0;
}
