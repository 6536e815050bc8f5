"""Just enough Tcl for the torture suite's directives and .x files: split
text into words (braces, quotes, brackets), split a script into commands,
and evaluate the conditions they use. Anything else raises TclError, so an
unknown construct is reported instead of silently taken as false."""
import re


class TclError(Exception):
    pass


def _scan_group(text, i, open_c, close_c):
    """Index just past the group starting at text[i] == open_c."""
    depth = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == open_c:
            depth += 1
        elif c == close_c:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise TclError("unbalanced %s in %r" % (open_c, text[:80]))


def _scan_quoted(text, i):
    i += 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == '"':
            return i + 1
        i += 1
    raise TclError("unterminated quote in %r" % text[:80])


def commands(script):
    """Commands of a script, each a list of words (outer braces and quotes
    stripped; bracketed words kept with their brackets)."""
    out, words, i = [], [], 0
    at_start = True
    while i < len(script):
        c = script[i]
        if c in "\n;":
            if words:
                out.append(words)
            words, at_start = [], True
            i += 1
        elif c in " \t\r":
            i += 1
        elif c == "\\" and script[i + 1:i + 2] == "\n":
            i += 2
        elif c == "#" and at_start:
            while i < len(script) and script[i] != "\n":
                i += 1
        else:
            word, i = _word(script, i)
            words.append(word)
            at_start = False
    if words:
        out.append(words)
    return out


def _word(text, i):
    if text[i] == "{":
        j = _scan_group(text, i, "{", "}")
        return text[i + 1:j - 1], j
    if text[i] == '"':
        j = _scan_quoted(text, i)
        return text[i + 1:j - 1], j
    j = i
    while j < len(text) and text[j] not in " \t\r\n;":
        j = _scan_group(text, j, "[", "]") if text[j] == "[" else j + 1
    return text[i:j], j


def words(text):
    """One list's words: like commands() but newlines are plain space."""
    return [w for cmd in commands(text.replace("\n", " ").replace(";", " ")) for w in cmd]


_TOKEN = re.compile(r"\s*(\[|&&|\|\||!|\(|\)|\d+|\$\w+)")


def expr(text, call):
    """A boolean Tcl expr of [command] calls, !, &&, ||, parens and numbers;
    call(words) answers one bracketed command with a bool."""
    py, i = [], 0
    text = text.strip()
    while i < len(text):
        m = _TOKEN.match(text, i)
        if not m:
            if text[i:].strip() == "":
                break
            raise TclError("cannot evaluate %r" % text)
        tok = m.group(1)
        if tok == "[":
            start = m.start(1)
            j = _scan_group(text, start, "[", "]")
            py.append(str(bool(call(words(text[start + 1:j - 1])))))
            i = j
            continue
        py.append({"&&": "and", "||": "or", "!": "not"}.get(tok, tok))
        if tok.startswith("$"):
            raise TclError("variable %s in %r" % (tok, text))
        i = m.end()
    return bool(eval(" ".join(py) or "False", {"__builtins__": {}}))
