"""The search box's query language, parsed safely and with limits.

    words            all must match (stemmed: denuclearization finds denuclearisation)
    "a phrase"       the words in this order
    a OR b           either
    a AND b, a b     both
    NOT a, -a        without
    ( ... )          grouping
    person:"Kim Jong Un"   source:Reuters   title:summit   dateline:Seoul
    denucl*          words starting with (3 letters at least)

Haystack's ``auto_query`` escapes all of this away, so the query is parsed here into a small
tree and turned into Haystack ``SQ`` objects: the same tree runs on Whoosh, Elasticsearch
or Solr. Malformed input never raises: unbalanced quotes and parentheses are closed,
dangling operators dropped, and every limit (length, terms, nesting) is enforced with a
note the page can show.
"""

import dataclasses
import re
import unicodedata
from dataclasses import dataclass

from haystack.inputs import Clean, Exact
from haystack.query import SQ

MAX_LENGTH = 500
MAX_TERMS = 24
MAX_DEPTH = 6
MIN_PREFIX = 3

FIELDS = {
    "person": "person",
    "people": "person",
    "source": "source",
    "title": "title",
    "headline": "title",
    "dateline": "dateline",
    "event": "event",
    "events": "event",
}

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_QUOTES = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2018": "'",
    "\u2019": "'",
}
_TOKEN_RE = re.compile(r'(?P<lparen>\()|(?P<rparen>\))|"(?P<phrase>[^"]*)"?|(?P<word>[^\s()"]+)')
# What a word may keep: letters, digits and marks of any script, with internal dots
# ("U.S."), hyphens and apostrophes (which split it into a phrase: "Jong-un", "Kim's").
_WORD_PART_RE = re.compile(r"[^\W_]+(?:\.[^\W_]+)*", re.UNICODE)


@dataclass
class Node:
    kind: str  # "term", "phrase", "prefix", "and", "or", "not"
    text: str = ""
    field: str = ""  # "" for the whole text
    children: list = dataclasses.field(default_factory=list)


@dataclass
class ParsedQuery:
    root: Node | None
    notes: list  # what was changed or ignored, for the page
    text: str  # the cleaned query as the user sees it

    @property
    def empty(self):
        return self.root is None

    @property
    def only_negative(self):
        return self.root is not None and not positive_leaves(self.root)


def clean_input(raw):
    text = unicodedata.normalize("NFKC", raw or "")
    text = "".join(_QUOTES.get(ch, ch) for ch in text)
    text = _CONTROL_RE.sub(" ", text)
    return " ".join(text.split())


def parse_query(raw):
    notes = []
    text = clean_input(raw)
    if len(text) > MAX_LENGTH:
        text = text[:MAX_LENGTH].rsplit(" ", 1)[0]
        notes.append(f"The query was cut to its first {MAX_LENGTH} characters.")
    parser = _Parser(_tokens(text), notes)
    root = parser.parse()
    if parser.terms > MAX_TERMS:
        notes.append(f"Only the first {MAX_TERMS} search terms were used.")
    return ParsedQuery(_simplify(root), notes, text)


def _tokens(text):
    tokens = []
    for match in _TOKEN_RE.finditer(text):
        if match.group("lparen"):
            tokens.append(("(", ""))
        elif match.group("rparen"):
            tokens.append((")", ""))
        elif match.group("phrase") is not None:
            tokens.append(("phrase", match.group("phrase")))
        else:
            word = match.group("word")
            if word in ("AND", "&&"):
                tokens.append(("and", ""))
            elif word in ("OR", "||"):
                tokens.append(("or", ""))
            elif word == "NOT":
                tokens.append(("not", ""))
            else:
                tokens.append(("word", word))
    return tokens


class _Parser:
    """Recursive descent: or := and (OR and)*; and := unary (AND? unary)*;
    unary := (NOT | -) unary | primary; primary := ( or ) | field:value | phrase | word."""

    def __init__(self, tokens, notes):
        self.tokens = tokens
        self.pos = 0
        self.notes = notes
        self.terms = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, "")

    def take(self):
        token = self.peek()
        self.pos += 1
        return token

    def parse(self):
        nodes = []
        while self.pos < len(self.tokens):
            node = self.parse_or()
            if node is not None:
                nodes.append(node)
            if self.peek()[0] == ")":
                self.take()
                self.note("An unmatched ')' was ignored.")
        return _combine("and", nodes)

    def note(self, message):
        if message not in self.notes:
            self.notes.append(message)

    def parse_or(self):
        nodes = [self.parse_and()]
        while self.peek()[0] == "or":
            self.take()
            nodes.append(self.parse_and())
        return _combine("or", [n for n in nodes if n is not None])

    def parse_and(self):
        nodes = []
        while True:
            kind = self.peek()[0]
            if kind is None or kind in ("or", ")"):
                break
            if kind == "and":
                self.take()
                continue
            node = self.parse_unary()
            if node is not None:
                nodes.append(node)
        return _combine("and", nodes)

    def parse_unary(self):
        kind, value = self.peek()
        negate = False
        if kind == "not":
            self.take()
            negate = True
        elif kind == "word" and value.startswith("-") and len(value.lstrip("-")) > 0:
            stripped = value.lstrip("-")
            self.tokens[self.pos] = ("word", stripped)
            if (len(value) - len(stripped)) % 2 == 0:
                return self.parse_primary()  # "--kim" is kim
            negate = True
        elif kind == "word" and value.startswith("+") and len(value) > 1:
            self.tokens[self.pos] = ("word", value[1:])
        if negate:
            while self.peek()[0] == "not":  # NOT NOT NOT kim
                self.take()
                negate = not negate
            kind = self.peek()[0]
            if kind in (None, "or", "and", ")"):
                self.note("NOT needs something after it; it was ignored.")
                return None
            if not negate:
                return self.parse_unary()
            node = self.parse_unary()
            return Node("not", children=[node]) if node is not None else None
        return self.parse_primary()

    def parse_primary(self):
        kind, value = self.take()
        if kind == "(":
            if self.depth >= MAX_DEPTH:
                self.note(f"Parentheses nested deeper than {MAX_DEPTH} levels were ignored.")
                return None
            self.depth += 1
            node = self.parse_or()
            self.depth -= 1
            if self.peek()[0] == ")":
                self.take()
            else:
                self.note("A missing ')' was added.")
            return node
        if kind == "phrase":
            return self.leaf_phrase(value, "")
        if kind == "word":
            return self.leaf_word(value)
        return None

    def leaf_word(self, word):
        field_name = ""
        if ":" in word:
            prefix, _, rest = word.partition(":")
            if prefix.lower() in FIELDS:
                field_name = FIELDS[prefix.lower()]
                if not rest:
                    # person:"Kim Jong Un" arrives as the word 'person:' then a phrase.
                    if self.peek()[0] == "phrase":
                        return self.leaf_phrase(self.take()[1], field_name)
                    if self.peek()[0] == "word" and ":" not in self.peek()[1]:
                        word = self.take()[1]
                        return self.leaf_word(f"{prefix}:{word}")
                    self.note(f"'{prefix}:' needs a value, e.g. {prefix}:\"Kim Jong Un\".")
                    return None
                word = rest
            else:
                word = word.replace(":", " ")
        prefix_search = word.endswith("*")
        parts = _WORD_PART_RE.findall(word.replace("*", " ").replace("?", " "))
        if not parts:
            if word.strip("*?"):
                return None
            self.note("A lone '*' matches nothing; add a few letters before it.")
            return None
        if prefix_search and len(parts) == 1:
            if len(parts[0]) >= MIN_PREFIX:
                return self.leaf("prefix", parts[0], field_name)
            self.note(f"A prefix needs at least {MIN_PREFIX} letters before '*'.")
        if len(parts) > 1:
            return self.leaf("phrase", " ".join(parts), field_name)
        return self.leaf("term", parts[0], field_name)

    def leaf_phrase(self, text, field_name):
        parts = _WORD_PART_RE.findall(text)
        if not parts:
            if text.strip():
                return None
            self.note('An empty phrase "" was ignored.')
            return None
        return self.leaf("phrase" if len(parts) > 1 else "term", " ".join(parts), field_name)

    def leaf(self, kind, text, field_name):
        self.terms += 1
        if self.terms > MAX_TERMS:
            return None
        return Node(kind, text=text[:100], field=field_name)


def _combine(kind, nodes):
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None
    return nodes[0] if len(nodes) == 1 else Node(kind, children=nodes)


def _simplify(node):
    """Flatten nested and/or of the same kind; drop double negation."""
    if node is None or node.kind in ("term", "phrase", "prefix"):
        return node
    children = [_simplify(c) for c in node.children]
    children = [c for c in children if c is not None]
    if node.kind == "not":
        child = children[0] if children else None
        if child is None:
            return None
        return child.children[0] if child.kind == "not" else Node("not", children=[child])
    flat = []
    for child in children:
        flat.extend(child.children if child.kind == node.kind else [child])
    return _combine(node.kind, flat)


def positive_leaves(node, negated=False):
    """The terms a match must or may contain (not those under NOT): for highlighting."""
    if node is None:
        return []
    if node.kind == "not":
        return positive_leaves(node.children[0], not negated)
    if node.kind in ("and", "or"):
        return [leaf for child in node.children for leaf in positive_leaves(child, negated)]
    return [] if negated else [node]


def to_sq(node):
    """The Haystack SQ for a query tree (None for an empty tree)."""
    if node is None:
        return None
    if node.kind == "term":
        return SQ(**{node.field or "content": Clean(node.text)})
    if node.kind == "phrase":
        return SQ(**{node.field or "content": Exact(node.text)})
    if node.kind == "prefix":
        # Prefixes are not analysed by every engine: give them in lower case.
        return SQ(**{f"{node.field or 'content'}__startswith": Clean(node.text.lower())})
    if node.kind == "not":
        return ~to_sq(node.children[0])
    parts = [to_sq(child) for child in node.children]
    combined = parts[0]
    for part in parts[1:]:
        combined = (combined & part) if node.kind == "and" else (combined | part)
    return combined


def describe(node):
    """The query tree written back in the query language (for 'did you mean' and tests)."""
    if node is None:
        return ""
    prefix = f"{node.field}:" if node.field else ""
    if node.kind == "term":
        return prefix + node.text
    if node.kind == "phrase":
        return f'{prefix}"{node.text}"'
    if node.kind == "prefix":
        return f"{prefix}{node.text}*"
    if node.kind == "not":
        return "NOT " + _grouped(node.children[0])
    joiner = " OR " if node.kind == "or" else " "
    return joiner.join(_grouped(c) for c in node.children)


def _grouped(node):
    text = describe(node)
    return f"({text})" if node.kind in ("and", "or") else text
