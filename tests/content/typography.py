"""French typography rules and the extraction of the strings a person reads (used by test_typography).

Strings are taken where code keeps them: JavaScript string and template literals (comments, regular
expressions and ``a ? b : c`` never), the text and the read-out attributes of HTML, Python string
literals (docstrings never). Only prose is judged: a string with at least two words of letters.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser

PLACEHOLDER = "\u2063"  # stands for a ${…} or {…} in a template: not a letter, not a space
PROSE = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿŒœ]{3,}.*\s|\s.*[A-Za-zÀ-ÖØ-öø-ÿŒœ]{3,}")
# Not prose: selectors, CSS, media queries, cookies, URLs, printf-style message ids.
CODE_LIKE = re.compile(r"^[\w.#\[\]=\"'-]+$|^[a-z-]+:|[{};]\s*$|^<|^\.|=>|^https?://\S+$"
                       r"|^\([a-z-]+: [a-z-]+\)$|\w=[^\s;]*;|%\(\w+\)s")

RULES = [
    ("espace ordinaire avant « : ; ? ! » »", re.compile(r"(?<=\S) ([:;?!»])(?=\s|$|" + PLACEHOLDER + r"|[.,)])")),
    ("pas d'espace avant « ; ? ! »", re.compile(r"(?<=[A-Za-zÀ-ÿ)])([;!?])(?=\s|$)")),
    ("pas d'espace avant « : »", re.compile(r"(?<=[A-Za-zÀ-ÿ)])(:)(?=\s)")),
    ("pas d'espace avant « » »", re.compile(r"(?<=[^\s\u00a0\u202f])(»)")),
    ("espace ordinaire ou aucune après « « »", re.compile(r"«(?=[ A-Za-zÀ-ÿ0-9" + PLACEHOLDER + r"])")),
    ("pluriel « (s) »", re.compile(r"\w\((?:s|es|x|e)\)")),
]
NAME_PLACEHOLDER = re.compile(r"\bde (?:\$\{|\{)([^}]*)\}")
NAMEISH = re.compile(r"name|nom|label|who|fullName|host|first|last|candidate|person|invigilator|\bby\b", re.I)


# A message id of the standard library's English (argparse's, translated for the user elsewhere).
ENGLISH = re.compile(r"\b(the|of|are|is|from|could|unknown|invalid|unrecognized|unexpected|ambiguous|choose)\b")
NBSP_NAMES = {"NBSP", "NB", "NNBSP"}  # a placeholder that is the non-breaking space itself

SEPARATOR = re.compile(r"^ [:;?!»] ?$")  # " : " between a label and its value, shown as is


def offences(text: str) -> list[str]:
    """The rules a string breaks (empty when it is fine or not prose)."""
    if SEPARATOR.match(text):
        return ["espace ordinaire avant « : ; ? ! » »"]
    prose = text.replace(PLACEHOLDER, " ")
    quoted = "«" in text or "»" in text  # French quotation marks are prose whatever is inside
    plural = re.search(r"[A-Za-zÀ-ÿ]\((?:s|es|x|e)\)", text)  # "candidat(s)": never code in a literal
    if not (PROSE.search(prose) or quoted or plural) or CODE_LIKE.search(text.strip()):
        return []
    if ENGLISH.search(prose) and not re.search(r"[À-ÿ]", prose):
        return []
    return [name for name, rule in RULES if rule.search(text)]


def elision_offences(raw: str, line: str = "") -> list[str]:
    """« de ${name} » (or « de {name} ») where the name may begin with a vowel: d'Élodie, never de Élodie.

    The elision helper itself is spared: its source line also writes the elided form of the same name
    (``VOWEL.test(name) ? `d'${name}` : `de ${name}```)."""
    return [f"« de » devant un nom ({m.group(0)})" for m in NAME_PLACEHOLDER.finditer(raw)
            if NAMEISH.search(m.group(1)) and not _elided_beside(m.group(1), line)]


def _elided_beside(name: str, line: str) -> bool:
    """Whether a source line also writes d'${name} (or d'{name}): the line chooses between the two."""
    return f"d'${{{name}}}" in line or f"d'{{{name}}}" in line


# -- JavaScript -----------------------------------------------------------------------------------

_REGEX_BEFORE = set("(,=:[!&|?{};+-*%<>~^") | {""}


def js_strings(source: str) -> list[tuple[int, str, str]]:
    """(line, text with placeholders, raw) of every string and template literal of a JS source."""
    out = []
    i, n, line = 0, len(source), 1
    last = ""  # the last significant character before here (decides whether "/" opens a regex)
    while i < n:
        c = source[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if c in " \t\r":
            i += 1
            continue
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = n if i < 0 else i
            continue
        if source.startswith("/*", i):
            end = source.find("*/", i + 2)
            end = n if end < 0 else end + 2
            line += source.count("\n", i, end)
            i = end
            continue
        if c == "/" and last in _REGEX_BEFORE:
            j, in_class = i + 1, False
            while j < n and source[j] != "\n":
                if source[j] == "\\":
                    j += 2
                    continue
                if source[j] == "[":
                    in_class = True
                elif source[j] == "]":
                    in_class = False
                elif source[j] == "/" and not in_class:
                    break
                j += 1
            i, last = j + 1, "x"
            continue
        if c in "\"'`":
            start_line, j, text, raw = line, i + 1, [], [c]
            while j < n and source[j] != c:
                ch = source[j]
                if ch == "\\" and j + 1 < n:
                    escape = source[j + 1]
                    if escape == "u" and source[j + 2:j + 3] == "{":
                        close = source.index("}", j)
                        text.append(chr(int(source[j + 3:close], 16)))
                        raw.append(source[j:close + 1])
                        j = close + 1
                        continue
                    if escape == "u":
                        text.append(chr(int(source[j + 2:j + 6], 16)))
                        raw.append(source[j:j + 6])
                        j += 6
                        continue
                    text.append({"n": "\n", "t": "\t"}.get(escape, escape))
                    raw.append(source[j:j + 2])
                    if escape == "\n":
                        line += 1
                    j += 2
                    continue
                if c == "`" and source.startswith("${", j):
                    depth, k = 1, j + 2
                    while k < n and depth:  # nested braces and strings inside the expression
                        if source[k] == "{":
                            depth += 1
                        elif source[k] == "}":
                            depth -= 1
                        elif source[k] in "\"'`":
                            quote = source[k]
                            k += 1
                            while k < n and source[k] != quote:
                                k += 2 if source[k] == "\\" else 1
                        k += 1
                    raw.append(source[j:k])
                    text.append("\u00a0" if source[j + 2:k - 1].strip() in NBSP_NAMES else PLACEHOLDER)
                    line += source.count("\n", j, k)
                    j = k
                    continue
                if ch == "\n":
                    line += 1
                text.append(ch)
                raw.append(ch)
                j += 1
            out.append((start_line, "".join(text), "".join(raw) + c))
            i, last = j + 1, "x"
            continue
        last = c if not (c.isalnum() or c in "_$") else "x"
        if c.isalnum() or c in "_$":  # a word: "return /re/" is a regex, "a / b" is not
            j = i
            while j < n and (source[j].isalnum() or source[j] in "_$"):
                j += 1
            word = source[i:j]
            last = "" if word in ("return", "typeof", "case", "in", "of") else "x"
            i = j
            continue
        if c in ")]":
            last = "x"
        i += 1
    return out


# -- HTML -------------------------------------------------------------------------------------

class _Text(HTMLParser):
    READ = {"title", "aria-label", "placeholder", "alt", "content"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "code", "pre"):
            self.skip += 1
        for name, value in attrs:
            if name in self.READ and value and tag != "meta":
                self.found.append((self.getpos()[0], value))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "code", "pre") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.found.append((self.getpos()[0], " ".join(data.split(" ")).strip("\n")))


def html_strings(source: str) -> list[tuple[int, str]]:
    parser = _Text()
    parser.feed(source)
    # Text broken over several source lines is one sentence: newlines and indentation are spaces.
    return [(line, re.sub(r"\s*\n\s*", " ", text)) for line, text in parser.found]


# -- Python -----------------------------------------------------------------------------------

def python_strings(source: str) -> list[tuple[int, str, str]]:
    """(line, text with placeholders, raw) of every string literal and f-string, docstrings left out."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(id(first.value))
    inner = set()
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts, raw = [], []
            for value in node.values:
                inner.add(id(value))
                if isinstance(value, ast.Constant):
                    parts.append(str(value.value))
                    raw.append(str(value.value))
                else:
                    expression = ast.unparse(value.value)
                    parts.append("\u00a0" if expression in NBSP_NAMES else PLACEHOLDER)
                    raw.append("{" + expression + "}")
                    for sub in ast.walk(value):
                        inner.add(id(sub))
            out.append((node.lineno, "".join(parts), "".join(raw)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and id(node) not in inner:
            out.append((node.lineno, node.value, node.value))
    return out
