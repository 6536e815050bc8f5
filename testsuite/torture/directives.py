"""What one torture test asks for, decided for one target: the flags it is
built with and, when it cannot run there, why. DejaGnu's rules as gcc 12's
gcc.c-torture/execute/execute.exp (dg-based, default flag -w) and
ieee/ieee.exp (c-torture-execute, -fno-inline, .x scripts) apply them."""
import os
import re

import selector
import tcl


class Plan:
    def __init__(self):
        self.flags = []        # after the level's flags
        self.unsupported = None  # reason the test is not run on this target
        self.xfail = None      # reason it is expected to fail (recorded only)
        self.compile_only = False


_START = re.compile(r"\{\s*dg-")


def directives(source):
    """Every { dg-NAME args... } in a test source, as word lists."""
    out = []
    for m in _START.finditer(source):
        end = tcl._scan_group(source, m.start(), "{", "}")
        out.append(tcl.words(source[m.start() + 1:end - 1]))
    return out


def _flag_words(text):
    return [w for w in tcl.words(text) if w]


def _skip_applies(args, target, flags):
    """dg-skip-if/dg-xfail-if: comment selector [include [exclude]]."""
    if len(args) < 2 or not selector.matches(args[1], target):
        return False
    include = args[2] if len(args) > 2 else None
    exclude = args[3] if len(args) > 3 else None
    if not selector.flags_match(include, flags, ["*"]):
        return False
    excluded = [p for p in (tcl.words(exclude) if exclude is not None else []) if p]
    return not (excluded and selector.flags_match(" ".join(excluded), flags, []))


def _apply(words, plan, target, level_flags, options):
    name, args = words[0], words[1:]
    clause = args[1] if len(args) > 1 else ""
    if name == "dg-options":
        if selector.target_clause(clause, target):
            options[:] = _flag_words(args[0])
    elif name == "dg-additional-options":
        if selector.target_clause(clause, target):
            plan.flags += _flag_words(args[0])
    elif name == "dg-require-effective-target":
        if selector.target_clause(clause, target) and not target.effective(args[0]):
            plan.unsupported = "needs %s: %s" % (args[0], target.why_missing(args[0]))
    elif name == "dg-skip-if":
        if _skip_applies(args, target, level_flags + options + plan.flags):
            plan.unsupported = "dg-skip-if: %s" % (args[0] or "(no reason given)")
    elif name in ("dg-xfail-if", "dg-xfail-run-if"):
        if _skip_applies(args, target, level_flags + options + plan.flags):
            plan.xfail = args[0] or name
    elif name == "dg-do":
        if args[0] != "run" and selector.target_clause(clause, target):
            plan.compile_only = True
    elif name == "dg-add-options":
        # stack_size: no board limit here (both targets give 8 MiB, as
        # ulimit -s does); ieee: nothing on x86-64 (gcc's add_options_for_ieee).
        if args[0] not in ("stack_size", "ieee"):
            raise tcl.TclError("dg-add-options %s is not known" % args[0])
    elif name == "dg-require-stack-size":
        need = eval(args[0], {"__builtins__": {}})  # "8*100*100", "0x80100"
        if target.stack_size is not None and need > target.stack_size:
            plan.unsupported = "needs %d bytes of stack" % need
    elif name in ("dg-require-alias", "dg-require-weak"):
        if not target.effective(name[len("dg-require-"):]):
            plan.unsupported = "needs %s" % name[len("dg-require-"):]
    elif name in ("dg-prune-output", "dg-final", "dg-warning", "dg-message", "dg-error",
                  "dg-bogus", "dg-excess-errors"):
        pass  # about compiler messages, which a run test does not check
    else:
        raise tcl.TclError("directive %s is not known" % name)


def _x_script(script, target, plan):
    """Evaluate an ieee .x file: if/return/lappend additional_flags; the
    variables other targets set (xfail data) are ignored. Returns True
    when the script says the test is not run ("return 1")."""
    def call(words):
        if words[0] == "istarget":
            return target.istarget(words[1])
        if words[0].startswith("check_effective_target_"):
            return target.effective(words[0][len("check_effective_target_"):])
        if words[0] == "string-match":
            return False  # only reached for other targets' CFLAGS checks
        raise tcl.TclError("cannot call %s in a .x file" % words[0])

    for cmd in tcl.commands(script):
        if cmd[0] == "return":
            return cmd[1:] == ["1"]
        if cmd[0] == "lappend" and cmd[1] == "additional_flags":
            plan.flags += cmd[2:]
        elif cmd[0] == "if":
            branches, i = [], 1
            while i < len(cmd):
                if cmd[i] == "elseif":
                    i += 1
                if cmd[i] == "else":
                    branches.append((None, cmd[i + 1]))
                    break
                cond = cmd[i]
                i += 2 if cmd[i + 1] != "then" else 3
                branches.append((cond, cmd[i - 1]))
            for cond, body in branches:
                if cond is None or tcl.expr(cond, call):
                    stop = _x_script(body, target, plan)
                    if stop is not None:
                        return stop
                    break
        elif cmd[0] in ("set", "global"):
            pass
        else:
            raise tcl.TclError("cannot evaluate %s in a .x file" % cmd[0])
    return None


def plan_for(path, target, level_flags):
    """The Plan for one test source at one level on one target."""
    with open(path, encoding="utf-8", errors="replace") as f:
        source = f.read()
    plan = Plan()
    ieee = os.path.basename(os.path.dirname(path)) == "ieee"
    options = [] if ieee else ["-w"]  # execute.exp's default, dg-options replaces it
    if ieee:
        plan.flags.append("-fno-inline")
        if not target.effective("signal"):
            plan.flags.append("-DSIGNAL_SUPPRESS")
    for words in directives(source):
        _apply(words, plan, target, level_flags, options)
    x = os.path.splitext(path)[0] + ".x"
    if os.path.exists(x):
        with open(x, encoding="utf-8") as f:
            if _x_script(f.read(), target, plan):
                plan.unsupported = plan.unsupported or "its .x script returns 1 here"
    plan.flags = options + plan.flags
    return plan
