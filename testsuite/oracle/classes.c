/* The outcome classes: one table says what each is called and whether the
 * spec promises it cannot happen. */
#include "oracle.h"

static const struct {
    const char *name;
    int finding;
} classes[VXO_NCLASSES] = {
    [VXO_RUNNING] = {"running", 1},
    [VXO_TRAP_REACHED] = {"trap-reached", 0},
    [VXO_WINDOW_JUMP] = {"window-jump", 0},
    [VXO_CALLOUT] = {"callout", 0},
    [VXO_STEP_LIMIT] = {"step-limit", 0},
    [VXO_FAULT_IN_WINDOW] = {"fault-in-window", 0},
    [VXO_GP_EXPLAINED] = {"gp-explained", 0},
    [VXO_SIGILL] = {"sigill", 0},
    [VXO_SIGFPE] = {"sigfpe", 0},
    [VXO_TRAP_INSN] = {"int3", 0},
    [VXO_RSP_TRANSIENT] = {"rsp-transient-esp", 0}, /* a finding with strict_rsp (the default) */
    [VXO_ESCAPE_ACCESS] = {"ESCAPE-access", 1},
    [VXO_ESCAPE_GP] = {"ESCAPE-gp-unexplained", 1},
    [VXO_ESCAPE_CONTROL] = {"ESCAPE-control", 1},
    [VXO_CPU_LENGTH] = {"CPU-length-differs", 1},
    [VXO_R14] = {"R14-changed", 1},
    [VXO_GSBASE] = {"GSBASE-changed", 1},
    [VXO_FSBASE] = {"FSBASE-changed", 1},
    [VXO_RSP] = {"RSP-outside", 1},
    [VXO_UNVERIFIED_EXEC] = {"UNVERIFIED-exec", 1},
    [VXO_TIMEOUT] = {"TIMEOUT", 1},
    [VXO_CHILD_DIED] = {"CHILD-died", 1},
    [VXO_OTHER_SIGNAL] = {"OTHER-signal", 1},
    [VXO_GP_PENDING] = {"gp-unclassified", 1},
};

const char *vxo_class_name(enum vxo_class c)
{
    return (unsigned)c < VXO_NCLASSES && classes[c].name ? classes[c].name : "?";
}

int vxo_class_is_finding(enum vxo_class c, int strict_rsp)
{
    if (c == VXO_RSP_TRANSIENT)
        return strict_rsp;
    return (unsigned)c < VXO_NCLASSES ? classes[c].finding : 1;
}

void vxo_config_init(struct vxo_config *c)
{
    c->seed = 1;
    c->patterns = 3;
    c->max_steps = 64;
    c->strict_rsp = 1; /* the %esp pair is gone since 2026-12 (R-RSP-WRITE) */
    c->verbose = 0;
}
