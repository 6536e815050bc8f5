/* Date arithmetic: day of week, days between dates, leap years, via mktime-free code and strftime. */
#include <stdio.h>
#include <time.h>
static int dow(int y, int m, int d) { static int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4}; if (m < 3) y--; return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7; }
static long days(int y, int m, int d) { if (m < 3) { y--; m += 12; } return 365L * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d; }
int main(void)
{
    const char *names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    int dates[][3] = {{1970, 1, 1}, {2000, 2, 29}, {2026, 11, 22}, {1999, 12, 31}, {2038, 1, 19}};
    for (int i = 0; i < 5; i++) printf("%04d-%02d-%02d %s day %ld\n", dates[i][0], dates[i][1], dates[i][2], names[dow(dates[i][0], dates[i][1], dates[i][2])], days(dates[i][0], dates[i][1], dates[i][2]) - days(1970, 1, 1));
    int leaps = 0;
    for (int y = 1600; y <= 2400; y++) leaps += (y % 4 == 0 && y % 100) || y % 400 == 0;
    struct tm tm = {.tm_year = 126, .tm_mon = 10, .tm_mday = 22, .tm_hour = 9, .tm_min = 5};
    char buf[64];
    strftime(buf, sizeof buf, "%Y/%m/%d %H:%M %j", &tm);
    printf("leap years %d, %s\n", leaps, buf);
    return 0;
}
