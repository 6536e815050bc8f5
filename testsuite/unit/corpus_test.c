/* Every corpus case gives its expected verdict and rule. */
#include "corpus.h"
#include "test_shell.h"
#include "vxverify.h"
#include "first_violation.h"
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

#ifndef CORPUS_DIR
#define CORPUS_DIR "testsuite/verifier"
#endif


static void free_params(struct criterion_test_params *p)
{
    cr_free(p->params);
}

/* The corpus held 388 cases in 2026-12: far fewer means it was not found. */
#define CORPUS_MIN_CASES 380

Test(corpus, is_all_there)
{
    struct corpus_case *cases;
    int n = corpus_load(CORPUS_DIR, &cases);
    free(cases);
    cr_assert_geq(n, CORPUS_MIN_CASES, "only %d corpus cases in %s", n, CORPUS_DIR);
}

ParameterizedTestParameters(corpus, cases)
{
    struct corpus_case *cases;
    int n = corpus_load(CORPUS_DIR, &cases);
    if (n <= 0) {
        fprintf(stderr, "corpus: cannot load %s\n", CORPUS_DIR);
        n = 0;
    }
    struct corpus_case *shared = cr_malloc(sizeof *shared * (size_t)(n ? n : 1));
    if (n)
        memcpy(shared, cases, sizeof *shared * (size_t)n);
    free(cases);
    return cr_make_param_array(struct corpus_case, shared, (size_t)n, free_params);
}

ParameterizedTest(struct corpus_case *c, corpus, cases)
{
    cr_assert_str_empty(c->error, "%s: %s: %s", c->file, c->name, c->error);
    struct vxv_policy policy = {.deterministic = c->deterministic};
    struct first first = {0};
    struct vxv_sink sink = {.report = keep_first, .ctx = &first};
    unsigned bad = vxv_check_code(c->code, c->size, 0x200000, &policy, &sink);
    if (!strcmp(c->expect, "safe")) {
        cr_expect_eq(bad, 0, "%s: %s: expected safe, got %s at %s", c->file, c->name,
                     vxv_rule_name(first.rule), first.text);
    } else {
        enum vxv_rule want = vxv_rule_from_name(c->expect);
        cr_assert_neq(want, VXV_OK, "%s: %s: unknown rule %s", c->file, c->name, c->expect);
        cr_expect(bad > 0 && first.rule == want, "%s: %s: expected %s, got %s (%s)", c->file, c->name,
                  c->expect, bad ? vxv_rule_name(first.rule) : "safe", first.text);
    }
    /* The fast path must not change any verdict: same count, same first rule. */
    struct vxv_policy full = policy;
    full.full_decode = 1;
    struct first slow = {0};
    struct vxv_sink slow_sink = {.report = keep_first, .ctx = &slow};
    unsigned slow_bad = vxv_check_code(c->code, c->size, 0x200000, &full, &slow_sink);
    cr_expect(slow_bad == bad && slow.rule == first.rule && slow.addr == first.addr && !strcmp(slow.text, first.text),
              "%s: %s: fast path gives %u (%s at %s), Capstone only %u (%s at %s)", c->file, c->name, bad,
              vxv_rule_name(first.rule), first.text, slow_bad, vxv_rule_name(slow.rule), slow.text);
}

Test(corpus, has_at_least_200_cases)
{
    struct corpus_case *cases;
    int n = corpus_load(CORPUS_DIR, &cases);
    free(cases);
    cr_expect_geq(n, 200, "corpus has %d cases", n);
}
