#include "insn_table.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* General-purpose instructions without an ISA-extension group in Capstone. */
static const char *const allowed_names[] = {
    "mov", "movabs", "movzx", "movsx", "movsxd", "movbe", "lea", "xchg", "xadd",
    "cmpxchg", "cmpxchg8b", "cmpxchg16b", "push", "pop", "pushfq", "pushf",
    "add", "adc", "sub", "sbb", "and", "or", "xor", "not", "neg", "inc", "dec",
    "imul", "mul", "div", "idiv", "cmp", "test", "shl", "sal", "shr", "sar",
    "rol", "ror", "rcl", "rcr", "shld", "shrd", "bt", "bts", "btr", "btc", "bsf",
    "bsr", "bswap", "popcnt", "lzcnt", "crc32", "cbw", "cwde", "cdqe", "cwd",
    "cdq", "cqo", "clc", "stc", "cmc", "cld", "std", "lahf", "sahf",
    "seta", "setae", "setb", "setbe", "sete", "setg", "setge", "setl", "setle",
    "setne", "setno", "setnp", "setns", "seto", "setp", "sets",
    "jmp", "call", "ja", "jae", "jb", "jbe", "je", "jg", "jge", "jl", "jle",
    "jne", "jno", "jnp", "jns", "jo", "jp", "js", "jrcxz", "jecxz", "loop",
    "loope", "loopne", "nop", "endbr64", "ud2", "pause", "lfence", "mfence",
    "sfence", "prefetch", "prefetchw", "prefetcht0", "prefetcht1", "prefetcht2",
    "prefetchnta", "clflush", "clflushopt", "cpuid", "rdtsc", "rdtscp",
    "rdrand", "rdseed", "xgetbv",
    /* x87 forms Capstone 4 leaves without the FPU group */
    "fldl2e", "fnstcw", "fnstsw", "fstp", "ffreep",
    /* AVX scalar forms Capstone 4 leaves without the AVX group (gcc emits
     * them for sqrt() and friends at -march=native) */
    "vsqrtsd", "vsqrtss", "vrsqrtss", "vrcpss",
    "movsb", "movsw", "movsd", "movsq", "stosb", "stosw", "stosd", "stosq",
    "lodsb", "lodsw", "lodsd", "lodsq", "cmpsb", "cmpsw", "cmpsd", "cmpsq",
    "scasb", "scasw", "scasd", "scasq",
    NULL};

/* Never allowed, even if their ISA group is. (`ret` is judged with the
 * sequence before it: insn_check.c and the walker, rule R-CF-RET.) */
static const char *const forbidden_names[] = {
    "syscall", "sysenter", "sysexit", "sysret", "int", "int1", "int3", "into",
    "iret", "iretd", "iretq", "retf", "retfq", "ljmp", "lcall", "enter",
    "leave", "popf", "popfq", "popfd", "lss", "lfs", "lgs", "wrfsbase",
    "wrgsbase", "rdfsbase", "rdgsbase", "swapgs", "xsave",
    "xsave64", "xsaveopt", "xsaveopt64", "xsavec", "xsavec64", "xsaves",
    "xsaves64", "xrstor", "xrstor64", "xrstors", "xrstors64", "fxsave",
    "fxsave64", "fxrstor", "fxrstor64", "hlt", "in", "out", "insb", "insw",
    "insd", "outsb", "outsw", "outsd", "cli", "sti", "xbegin", "xend", "xabort",
    "xtest", "maskmovq", "maskmovdqu", "vmaskmovdqu", "xlatb", "monitor",
    "mwait", "xsetbv", "rdmsr", "wrmsr", "rdpmc", "invlpg", "wbinvd",
    "invd", "lgdt", "lidt", "lldt", "ltr", "sgdt", "sidt", "sldt", "str",
    "lmsw", "smsw", "clts", "getsec", "ud0", "ud2b", "femms", NULL};

/* They read what differs from machine to machine (xgetbv: XCR0, the
 * state components the OS enabled; any other %ecx is #GP, a contained
 * fault). */
static const char *const nondet_names[] = {
    "rdtsc", "rdtscp", "rdrand", "rdseed", "cpuid", "xgetbv", NULL};

static const char *const lockable_names[] = {
    "add", "adc", "and", "btc", "btr", "bts", "cmpxchg", "cmpxchg8b",
    "cmpxchg16b", "dec", "inc", "neg", "not", "or", "sbb", "sub", "xor", "xadd",
    "xchg", NULL};

static const char *const string_names[] = {
    "movsb", "movsw", "movsd", "movsq", "stosb", "stosw", "stosd", "stosq",
    "lodsb", "lodsw", "lodsd", "lodsq", "cmpsb", "cmpsw", "cmpsd", "cmpsq",
    "scasb", "scasw", "scasd", "scasq", NULL};

static const char *const rsp_implicit_names[] = {
    "push", "pop", "call", "pushfq", "pushf", NULL};

/* Capstone 4 tags these as privileged; they run at user level. */
static const char *const group_override_names[] = {"rdtscp", NULL};

/* Memory operands the CPU never touches. Prefetches are not here: they
 * probe the cache state of any address, so their operands are sandboxed
 * like every other. */
static const char *const no_memory_names[] = {"lea", "nop", NULL};

/* Memory access is EA + (bit offset >> 3) when the offset is a register:
 * signed and 64 bits wide, so it reaches any address (R-MEM-BITOFF). */
static const char *const reg_bitoffset_names[] = {"bt", "bts", "btr", "btc", NULL};

/* ISA-extension groups whose instructions are allowed (minus forbidden_names). */
static const unsigned char allowed_groups[] = {
    X86_GRP_FPU, X86_GRP_MMX, X86_GRP_SSE1, X86_GRP_SSE2, X86_GRP_SSE3,
    X86_GRP_SSSE3, X86_GRP_SSE41, X86_GRP_SSE42, X86_GRP_AVX, X86_GRP_AVX2,
    X86_GRP_AVX512, X86_GRP_FMA, X86_GRP_F16C, X86_GRP_AES, X86_GRP_PCLMUL,
    X86_GRP_SHA, X86_GRP_BMI, X86_GRP_BMI2, X86_GRP_ADX, X86_GRP_CMOV,
    X86_GRP_BWI, X86_GRP_DQI, X86_GRP_VLX, X86_GRP_CDI, X86_GRP_NOVLX};

/* Groups that veto an instruction even if another group would allow it. */
static const unsigned char denied_groups[] = {
    X86_GRP_VM, X86_GRP_SGX, X86_GRP_PRIVILEGE, X86_GRP_INT, X86_GRP_IRET,
    X86_GRP_RTM, X86_GRP_HLE, X86_GRP_3DNOW, X86_GRP_XOP, X86_GRP_FMA4,
    X86_GRP_TBM, X86_GRP_SSE4A, X86_GRP_FSGSBASE, X86_GRP_SMAP, X86_GRP_ERI,
    X86_GRP_PFI, X86_GRP_NOT64BITMODE, X86_GRP_16BITMODE, X86_GRP_RET};

static unsigned short attrs[X86_INS_ENDING];
static const char *unknown[64];
static pthread_once_t once = PTHREAD_ONCE_INIT;
static csh init_handle;

/* Every (name, attribute) pair of the lists above, sorted by name, so each
 * Capstone id is looked up once (the lists times ~1,500 ids cost 3 ms of
 * every vxrun start when done pairwise). */
struct named_attr {
    const char *name;
    unsigned attr;
    int found;
};
static struct named_attr named[512];
static unsigned nnamed;

static void collect(const char *const *names, unsigned attr)
{
    for (; *names && nnamed < sizeof named / sizeof *named; names++)
        named[nnamed++] = (struct named_attr){*names, attr, 0};
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const struct named_attr *)a)->name, ((const struct named_attr *)b)->name);
}

static void build(void)
{
    collect(allowed_names, IA_ALLOWED);
    collect(forbidden_names, IA_FORBIDDEN);
    collect(nondet_names, IA_NONDET);
    collect(lockable_names, IA_LOCKABLE);
    collect(string_names, IA_STRING);
    collect(rsp_implicit_names, IA_RSP_IMPLICIT);
    collect(no_memory_names, IA_NO_MEMORY);
    collect(group_override_names, IA_GROUP_OVERRIDE);
    collect(reg_bitoffset_names, IA_REG_BITOFFSET);
    qsort(named, nnamed, sizeof *named, by_name);
    for (unsigned id = 1; id < X86_INS_ENDING; id++) {
        const char *n = cs_insn_name(init_handle, id);
        if (!n)
            continue;
        if (strstr(n, "gather") || strstr(n, "scatter"))
            attrs[id] |= IA_VSIB;
        struct named_attr key = {n, 0, 0};
        struct named_attr *e = bsearch(&key, named, nnamed, sizeof *named, by_name);
        if (!e)
            continue;
        while (e > named && !strcmp(e[-1].name, n)) /* first of equal names */
            e--;
        for (; e < named + nnamed && !strcmp(e->name, n); e++) {
            attrs[id] |= e->attr;
            e->found = 1;
        }
    }
    unsigned k = 0;
    for (unsigned i = 0; i < nnamed && k + 1 < sizeof unknown / sizeof *unknown; i++)
        if (!named[i].found)
            unknown[k++] = named[i].name;
}

void insn_table_init(csh handle)
{
    init_handle = handle;
    pthread_once(&once, build);
}

unsigned insn_attrs(unsigned id)
{
    return id < X86_INS_ENDING ? attrs[id] : IA_FORBIDDEN;
}

static int in_groups(const cs_detail *d, const unsigned char *groups, unsigned n)
{
    for (unsigned i = 0; i < d->groups_count; i++)
        for (unsigned k = 0; k < n; k++)
            if (d->groups[i] == groups[k])
                return 1;
    return 0;
}

int insn_allowed(const cs_insn *insn)
{
    unsigned a = insn_attrs(insn->id);
    if (a & IA_FORBIDDEN)
        return 0;
    if (!(a & IA_GROUP_OVERRIDE) && in_groups(insn->detail, denied_groups, sizeof denied_groups))
        return 0;
    if (a & IA_ALLOWED)
        return 1;
    return in_groups(insn->detail, allowed_groups, sizeof allowed_groups);
}

const char *const *insn_table_unknown_names(void)
{
    return unknown;
}
