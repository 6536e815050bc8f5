"""DejaGnu target selectors ({ x86_64-*-* }, { ! alloca },
{ { i?86-*-* x86_64-*-* } && ia32 }) and check-flags' option patterns,
decided for one target."""
import fnmatch

from tcl import words


def _atom(word, target):
    if " " in word.strip():  # a braced sub-selector
        return matches(word, target)
    word = word.strip().strip('"')
    if "-" in word or "*" in word or "?" in word:
        return target.istarget(word)
    return target.effective(word)


def matches(text, target):
    """Whether a selector (the words of a braced list) holds for target:
    a list of triplets/keywords is true if any is; ! && || combine."""
    toks = words(text)
    if not any(t in ("!", "&&", "||") for t in toks):
        return any(_atom(t, target) for t in toks)
    pos = 0

    def parse_or():
        nonlocal pos
        v = parse_and()
        while pos < len(toks) and toks[pos] == "||":
            pos += 1
            v = parse_and() or v
        return v

    def parse_and():
        nonlocal pos
        v = parse_not()
        while pos < len(toks) and toks[pos] == "&&":
            pos += 1
            v = parse_not() and v
        return v

    def parse_not():
        nonlocal pos
        if toks[pos] == "!":
            pos += 1
            return not parse_not()
        pos += 1
        return _atom(toks[pos - 1], target)

    return parse_or()


def target_clause(text, target):
    """A directive's optional trailing { target SEL }: true when absent."""
    toks = words(text)
    if not toks:
        return True
    if toks[0] != "target":
        raise ValueError("selector %r is not { target ... }" % text)
    return matches(text.strip()[len("target"):], target)


def flags_match(patterns, flags, default):
    """check-flags: does any option pattern occur in the compile flags?"""
    pats = words(patterns) if patterns is not None else default
    line = " toolname " + " ".join(flags) + " "
    return any(fnmatch.fnmatchcase(line, "* %s *" % p) for p in pats)
