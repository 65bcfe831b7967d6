"""What changed between two texts of an article, paragraph by paragraph (difflib), for the
story page (each copy against the first publication) and the article page (each version
against the next). Pure: plain text in, rows out; the template escapes every word."""

import difflib
from dataclasses import dataclass, field

from archive.sanitize import html_to_text


@dataclass
class Row:
    op: str  # "same", "added", "removed", "changed"
    old: str = ""
    new: str = ""
    words: list = field(default_factory=list)  # [(op, text)] of a changed paragraph: "=", "-", "+"


@dataclass
class Diff:
    rows: list
    title_old: str = ""
    title_new: str = ""

    @property
    def changed(self):
        return self.title_old != self.title_new or any(r.op != "same" for r in self.rows)

    @property
    def counts(self):
        out = {"added": 0, "removed": 0, "changed": 0}
        for row in self.rows:
            if row.op in out:
                out[row.op] += 1
        return out


def paragraphs(html):
    return [line for line in html_to_text(html).split("\n") if line.strip()]


def diff_texts(old_paragraphs, new_paragraphs, title_old="", title_new=""):
    rows = []
    matcher = difflib.SequenceMatcher(a=old_paragraphs, b=new_paragraphs, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend(Row("same", p, p) for p in old_paragraphs[a1:a2])
        elif op == "delete":
            rows.extend(Row("removed", old=p) for p in old_paragraphs[a1:a2])
        elif op == "insert":
            rows.extend(Row("added", new=p) for p in new_paragraphs[b1:b2])
        else:
            olds, news = old_paragraphs[a1:a2], new_paragraphs[b1:b2]
            for index in range(max(len(olds), len(news))):
                old = olds[index] if index < len(olds) else ""
                new = news[index] if index < len(news) else ""
                if old and new:
                    rows.append(Row("changed", old, new, word_diff(old, new)))
                elif old:
                    rows.append(Row("removed", old=old))
                else:
                    rows.append(Row("added", new=new))
    return Diff(rows, title_old, title_new)


def word_diff(old, new):
    """[(op, text)]: the words kept ("="), removed ("-") and added ("+")."""
    a, b = old.split(), new.split()
    out = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[a1:a2])))
            continue
        if a1 < a2:
            out.append(("-", " ".join(a[a1:a2])))
        if b1 < b2:
            out.append(("+", " ".join(b[b1:b2])))
    return out


def diff_articles(old, new):
    """The diff from one article text (an Article or an ArticleVersion) to another."""
    return diff_texts(paragraphs(old.body), paragraphs(new.body), old.title, new.title)
