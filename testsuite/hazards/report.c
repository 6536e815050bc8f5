#include "report.h"
#include "cfg.h"

void hz_print_hazard(FILE *f, const struct hz_hazard *h)
{
    char bits[128];
    hz_bits_describe(h->observed, bits, sizeof bits);
    char where[96];
    if (h->relocatable)
        snprintf(where, sizeof where, "%s+%#llx", h->section, (unsigned long long)h->effect_addr);
    else
        snprintf(where, sizeof where, "%#llx", (unsigned long long)h->effect_addr);
    fprintf(f, "%s: %s+%#llx (%s): `%s` [%s]: %s", h->object, h->function,
            (unsigned long long)(h->effect_addr - h->function_addr), where, h->effect_insn, h->piece, h->what);
    if (!h->has_observer) {
        fprintf(f, h->kind == HZ_EFFECT_STACK ? "; the program may keep data there\n"
                                              : "; live (%s) but no reader found\n", bits);
        return;
    }
    const char *how = h->observer_exit == HZ_EXIT_RETURN ? "by the caller, at the return "
                    : h->observer_exit == HZ_EXIT_TAIL   ? "beyond the jump out of the function "
                    : h->observer_exit == HZ_EXIT_UNKNOWN ? "beyond the jump into undecoded code "
                                                          : "by ";
    fprintf(f, "; %s read %s`%s` at %s+%#llx\n", bits, how, h->observer_insn, h->function,
            (unsigned long long)(h->observer_addr - h->function_addr));
}

void hz_print_summary(FILE *f, const struct hz_totals *t)
{
    fprintf(f, "vxhazard: %zu files, %zu objects, %zu functions, %zu instructions, %zu inserted sequences in %zu runs",
            t->files, t->objects, t->functions, t->instructions, t->pieces, t->runs);
    const char *sep = " (";
    for (size_t p = 0; p < hz_npieces && p < 32; p++)
        if (t->per_piece[p]) {
            fprintf(f, "%s%s %zu", sep, hz_pieces[p].name, t->per_piece[p]);
            sep = ", ";
        }
    fprintf(f, "%s, %zu unrecognized inserted instructions, %zu indirect-jump targets, %zu hidden stack writes, "
               "%zu hazards\n",
            sep[0] == ',' ? ")" : "", t->unrecognized, t->indirect_targets, t->hidden_stack_writes, t->hazards);
    if (t->undecodable)
        fprintf(f, "vxhazard: %zu functions contain bytes Capstone cannot decode (checked up to there)\n",
                t->undecodable);
}

void hz_print_pieces(FILE *f)
{
    for (size_t p = 0; p < hz_npieces; p++)
        fprintf(f, "%-22s stands for: %s\n%-22s writes: %s\n", hz_pieces[p].name,
                hz_pieces[p].stands_for ? hz_pieces[p].stands_for : "(nothing: inserted)", "", hz_pieces[p].writes);
}
