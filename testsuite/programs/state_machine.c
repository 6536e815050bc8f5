/* A goto-based lexer state machine and computed dispatch over a token stream. */
#include <ctype.h>
#include <stdio.h>
int main(void)
{
    const char *src = "let x1 = 42 + y_2 * (17 - 3) ; print \"hi there\" 3.25 # comment\n z9";
    const char *p = src;
    int idents = 0, numbers = 0, strings = 0, symbols = 0, comments = 0;
start:
    if (!*p) goto done;
    if (isspace((unsigned char)*p)) { p++; goto start; }
    if (isalpha((unsigned char)*p) || *p == '_') goto ident;
    if (isdigit((unsigned char)*p)) goto number;
    if (*p == '"') { p++; goto string; }
    if (*p == '#') goto comment;
    symbols++; p++; goto start;
ident:
    while (isalnum((unsigned char)*p) || *p == '_') p++;
    idents++; goto start;
number:
    while (isdigit((unsigned char)*p) || *p == '.') p++;
    numbers++; goto start;
string:
    while (*p && *p != '"') p++;
    if (*p) p++;
    strings++; goto start;
comment:
    while (*p && *p != '\n') p++;
    comments++; goto start;
done:
    printf("idents=%d numbers=%d strings=%d symbols=%d comments=%d\n", idents, numbers, strings, symbols, comments);
    return 0;
}
