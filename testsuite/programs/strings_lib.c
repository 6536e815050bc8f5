/* string.h and ctype.h: tokenising, searching, case, conversions. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
int main(void)
{
    char text[] = "The quick brown fox, jumps over; the lazy dog 42 times 3.5 ok";
    char copy[sizeof text];
    strcpy(copy, text);
    int words = 0, digits = 0;
    for (char *t = strtok(copy, " ,;"); t; t = strtok(NULL, " ,;")) {
        words++;
        if (isdigit((unsigned char)t[0])) digits++;
    }
    printf("words=%d digits=%d\n", words, digits);
    printf("%s|%s|%zu|%zu\n", strstr(text, "lazy"), strrchr(text, 'o'), strspn(text, "Teh "), strcspn(text, ","));
    char up[sizeof text];
    for (size_t i = 0; i < sizeof text; i++) up[i] = (char)toupper((unsigned char)text[i]);
    printf("%s\n%d %d\n", up, strncmp(text, up, 1), strcasecmp(text, up) == 0);
    printf("%ld %lu %.3f %lld\n", strtol("-0x1f", NULL, 16), strtoul("777", NULL, 8), atof("2.718e1"), atoll("9000000000"));
    return 0;
}
