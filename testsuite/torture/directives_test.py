#!/usr/bin/env python3
"""The torture runner's reading of DejaGnu directives and ieee .x scripts:
each case is a test source (and .x) whose decision for vx is known from
gcc's own .exp semantics."""
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import directives  # noqa: E402
import targets     # noqa: E402
import tcl         # noqa: E402


class Case:
    def __init__(self, text, x=None, ieee=False):
        self.dir = tempfile.mkdtemp()
        d = os.path.join(self.dir, "ieee") if ieee else self.dir
        os.makedirs(d, exist_ok=True)
        self.path = os.path.join(d, "t.c")
        with open(self.path, "w") as f:
            f.write(text + "\nint main (void) { return 0; }\n")
        if x is not None:
            with open(os.path.join(d, "t.x"), "w") as f:
                f.write(x)

    def plan(self, level=("-O2",), target=targets.VX):
        return directives.plan_for(self.path, target, list(level))


class Directives(unittest.TestCase):
    def test_default_flag_is_w_and_dg_options_replaces_it(self):
        self.assertEqual(Case("").plan().flags, ["-w"])
        self.assertEqual(Case('/* { dg-options "-fwrapv -std=c89" } */').plan().flags,
                         ["-fwrapv", "-std=c89"])

    def test_additional_options_append_and_target_clauses_are_decided(self):
        p = Case('/* { dg-additional-options "-fno-common" } */\n'
                 '/* { dg-additional-options "-mno-stv" { target i?86-*-* x86_64-*-* } } */\n'
                 '/* { dg-additional-options "-mfoo" { target hppa*-*-hpux* } } */').plan()
        self.assertEqual(p.flags, ["-w", "-fno-common", "-mno-stv"])
        p = Case('/* { dg-options "-mtune=i686" { target { { i?86-*-* x86_64-*-* } && ia32 } } } */').plan()
        self.assertEqual(p.flags, ["-w"])

    def test_effective_target_missing_on_vx_is_unsupported_with_its_reason(self):
        p = Case("/* { dg-require-effective-target signal } */").plan()
        self.assertIn("signal", p.unsupported)
        self.assertIsNone(Case("/* { dg-require-effective-target signal } */").plan(
            target=targets.NATIVE).unsupported)
        self.assertIsNone(Case("/* { dg-require-effective-target mmap } */").plan().unsupported)
        self.assertIsNone(Case("/* { dg-require-effective-target label_values } */").plan().unsupported)

    def test_unknown_keyword_or_directive_is_an_error_not_false(self):
        with self.assertRaises(KeyError):
            Case("/* { dg-require-effective-target no_such_keyword } */").plan()
        with self.assertRaises(tcl.TclError):
            Case('/* { dg-frobnicate "x" } */').plan()

    def test_skip_if_honours_selector_and_flags(self):
        src = '/* { dg-skip-if "requires higher optimization" { *-*-* } "-O1" "" } */'
        self.assertIsNone(Case(src).plan(("-O2",)).unsupported)
        self.assertIn("higher optimization", Case(src).plan(("-O1",)).unsupported)
        self.assertIsNone(Case('/* { dg-skip-if "" { ! { i?86-*-* x86_64-*-* } } } */').plan().unsupported)
        self.assertIsNotNone(Case('/* { dg-skip-if "io" { x86_64-*-* } } */').plan().unsupported)
        self.assertIsNone(Case('/* { dg-skip-if "io" { freestanding } } */').plan().unsupported)

    def test_stack_size_needs_fit_the_vx_stack(self):
        self.assertIsNone(Case('/* { dg-require-stack-size "8*100*100" } */').plan().unsupported)
        self.assertIsNotNone(Case('/* { dg-require-stack-size "0x1000000" } */').plan().unsupported)

    def test_ieee_flags_and_x_scripts(self):
        p = Case("", x='lappend additional_flags "-fno-trapping-math"\nreturn 0\n', ieee=True).plan()
        self.assertEqual(p.flags, ["-fno-inline", "-DSIGNAL_SUPPRESS", "-fno-trapping-math"])
        self.assertNotIn("-DSIGNAL_SUPPRESS", Case("", ieee=True).plan(target=targets.NATIVE).flags)
        x = 'if { [check_effective_target_c99_runtime] } {\n    return 0\n}\nreturn 1\n'
        self.assertIsNone(Case("", x=x, ieee=True).plan().unsupported)
        x = 'if [istarget "x86_64-*-*"] {\n    return 1\n}\nreturn 0\n'
        self.assertIsNotNone(Case("", x=x, ieee=True).plan().unsupported)
        x = 'if { [istarget "tic6x-*-*"] && [check_effective_target_ti_c67x] } {\n' \
            '    set torture_execute_xfail "tic6x-*-*"\n    return 1\n}\nreturn 0\n'
        self.assertIsNone(Case("", x=x, ieee=True).plan().unsupported)


if __name__ == "__main__":
    unittest.main()
