# The checker's Python semantics: re, repr, float() and str's line methods, run by GraalPy in the checker's
# JVM (PythonText calls these). Each function takes a whole stream or list, so that a check crosses from
# Java to Python once, not once per line. Lists from Java arrive as foreign lists; patterns as re.Pattern.
import re

error = re.error
IndexError = IndexError  # what re.sub raises for a template's unknown group name


def compile_pattern(source):
    p = re.compile(source)
    return p, p.groups


def fullmatch(pattern, text):
    return pattern.fullmatch(text) is not None


def search(pattern, text):
    return pattern.search(text) is not None


def lines(text, select):
    """check.py's lines: split on \\n, one final empty piece dropped; those select finds (all if None)."""
    pieces = text.split("\n")
    if pieces[-1] == "":
        pieces.pop()
    return pieces if select is None else [line for line in pieces if select.search(line)]


def first_mismatch(patterns, lines):
    """The index of the first line its pattern does not fullmatch, or -1 (equally long lists)."""
    for i in range(len(lines)):
        if patterns[i].fullmatch(lines[i]) is None:
            return i
    return -1


def count_matches(pattern, text):
    return sum(1 for _ in pattern.finditer(text))


def count_text(text, sub):
    # check.py never counts an empty text (str.count would find len + 1).
    return text.count(sub) if sub else 0


def group1_values(pattern, text):
    """Group 1 of every match (None where it did not take part)."""
    return [m.group(1) for m in pattern.finditer(text)]


# The whitespace CPython's float() strips: str.isspace() characters but \x1c-\x1f. GraalPy 25.0.3's float()
# keeps the non-ASCII ones (U+0085, U+00A0, U+2007...), so they are stripped before it parses.
_FLOAT_SPACE = re.compile("\\A[^\\S\x1c-\x1f]+|[^\\S\x1c-\x1f]+\\Z")


def floats(texts):
    """CPython's float() of each text, None where it raises (or for None)."""
    out = []
    for t in texts:
        try:
            out.append(None if t is None else float(_FLOAT_SPACE.sub("", t)))
        except ValueError:
            out.append(None)
    return out


def split_messages(pattern, text):
    """The non-empty matches, and the text outside them concatenated: ([message, ...], residue)."""
    messages, residue, pos = [], [], 0
    for m in pattern.finditer(text):
        if m.end() > m.start():
            residue.append(text[pos:m.start()])
            messages.append(m.group())
            pos = m.end()
    residue.append(text[pos:])
    return messages, "".join(residue)


def sub_all(patterns, templates, text):
    """re.sub with each (pattern, template) in turn."""
    for i in range(len(patterns)):
        text = patterns[i].sub(templates[i], text)
    return text


# GraalPy 25.0.3's str.splitlines does not break after \x1c, \x1d and \x1e; CPython's does.
_MISSED_LINE_ENDS = re.compile("(?<=[\x1c\x1d\x1e])")


def splitlines_keepends(text):
    """CPython's text.splitlines(True)."""
    return [piece for line in text.splitlines(True) for piece in _MISSED_LINE_ENDS.split(line) if piece]


def drop_lines(patterns, text):
    """The splitlines(True) lines that no pattern finds, joined again (check.py's --stderr-ignore)."""
    return "".join(line for line in splitlines_keepends(text) if not any(p.search(line) for p in patterns))


def short(value, n):
    """check.py's short(): repr of a str, None or list of str, cut to n code points with '...'."""
    if value is not None and not isinstance(value, str):
        value = list(value)
    s = repr(value)
    return s if len(s) <= n else s[:n - 3] + "..."


def float_repr(d):
    return repr(float(d))
