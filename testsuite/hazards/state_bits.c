#include "state_bits.h"
#include <stdio.h>
#include <string.h>

static const char *const gpr_names[HZ_NGPR] = {"%rax", "%rcx", "%rdx", "%rbx", "%rsp", "%rbp", "%rsi", "%rdi",
                                               "%r8",  "%r9",  "%r10", "%r11", "%r12", "%r13", "%r14", "%r15"};

const char *hz_gpr_name(int reg) { return reg >= 0 && reg < HZ_NGPR ? gpr_names[reg] : "%?"; }

static void append(char *buf, size_t size, const char *s)
{
    size_t n = strlen(buf);
    if (n + 1 < size)
        snprintf(buf + n, size - n, "%s%s", n ? " " : "", s);
}

void hz_bits_describe(struct hz_bits b, char *buf, size_t size)
{
    static const char *const flag_names[] = {"CF", "PF", "AF", "ZF", "SF", "OF", "DF"};
    buf[0] = 0;
    char flags[32] = "";
    for (int f = 0; f < 7; f++)
        if (b.flags & (1 << f))
            snprintf(flags + strlen(flags), sizeof flags - strlen(flags), "%s%s", flags[0] ? "," : "",
                     flag_names[f]);
    if (flags[0])
        append(buf, size, flags);
    for (int r = 0; r < HZ_NGPR; r++) {
        uint64_t parts = (b.regs >> (r * 4)) & 0xf;
        if (!parts)
            continue;
        char one[32];
        if (parts == 0xf)
            snprintf(one, sizeof one, "%s", gpr_names[r]);
        else if (parts == 0x8)
            snprintf(one, sizeof one, "%s[63:32]", gpr_names[r]);
        else if (parts == 0x7)
            snprintf(one, sizeof one, "%s[31:0]", gpr_names[r]);
        else
            snprintf(one, sizeof one, "%s[parts %#llx]", gpr_names[r], (unsigned long long)parts);
        append(buf, size, one);
    }
}
