"""The two targets a torture test is built for: native x86-64 Linux (glibc)
and vx (the same x86-64 code, musl, inside the sandbox). DejaGnu asks a
target questions (istarget, effective-target keywords, board stack size);
this file holds the answers, so every directive is decided in one place."""
import fnmatch

TRIPLET = "x86_64-pc-linux-gnu"

# Effective targets both targets have: x86-64 Linux as gcc's testsuite sees it.
_COMMON = {
    "int32plus", "int32", "longlong64", "int128", "double64plus", "stdint_types",
    "label_values", "indirect_jumps", "alloca", "untyped_assembly", "return_address",
    "c99_runtime", "unwrapped", "fileio", "fpic", "dfp", "lp64", "alias", "weak",
    "nonlocal_goto", "size32plus", "ptr32plus", "lto",
    # vxcc has to decide trampolines itself: when it refuses a nested function
    # its message says so and the runner excludes the test (not this table).
    "trampolines",
}
# Keywords that are false on both: other ABIs, boards, libraries.
_NEITHER = {
    "ia32", "x32", "freestanding", "newlib_nano_io", "vxworks_kernel", "coldfire_fpu",
    "ti_c67x", "hard_float", "int16", "avr_tiny", "simulator",
}


class Target:
    def __init__(self, name, extra=(), missing=None, stack_size=None):
        self.name = name
        self.have = (_COMMON | set(extra)) - set(missing or {})
        self.missing = dict(missing or {})  # keyword -> why this target lacks it
        self.stack_size = stack_size        # None: no board limit

    def istarget(self, pattern):
        return fnmatch.fnmatchcase(TRIPLET, pattern.strip('"'))

    def effective(self, keyword):
        if keyword in self.have:
            return True
        if keyword in self.missing or keyword in _NEITHER:
            return False
        raise KeyError(keyword)

    def why_missing(self, keyword):
        return self.missing.get(keyword, "no target here has it")


NATIVE = Target("native", extra={"mmap", "signal"})
# vx: hardware signals (SIGFPE of a division) stop the guest as a
# contained fault instead of reaching a handler; 8 MiB stack
# (loader/sandbox.c). musl's mmap is served (loader/linux/memory.c).
VX = Target("vx", extra={"mmap"}, missing={
    "signal": "vx contains hardware signals as faults, guests cannot catch them",
}, stack_size=8 << 20)
