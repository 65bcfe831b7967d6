"""Where a long regular expression may match: the places of its key words, found in one pass
of an Aho-Corasick automaton, so that the expression runs only on a window around each.

The office phrases and discovery's role patterns begin with a long alternation (hundreds of
place names, sixty role words) that Python's ``re`` tries at every position of a text;
around a key word the same expression gives the same matches at a small part of the cost."""

import re

import ahocorasick


class KeyWords:
    def __init__(self, words):
        """``words``: lower-case words or phrases, one of which every match contains."""
        self.automaton = ahocorasick.Automaton()
        for word in {w.lower() for w in words if w}:
            self.automaton.add_word(word, len(word))
        self.automaton.make_automaton()

    def positions(self, text):
        """(start, end) of the key words in ``text`` on word boundaries, in order; case is
        ignored. Empty when lower-casing changes the text's length (then search it all)."""
        lower = text.lower()
        if len(lower) != len(text):
            return None
        found = []
        for end_index, length in self.automaton.iter(lower):
            start, end = end_index - length + 1, end_index + 1
            if (start and lower[start - 1].isalnum()) or (
                end < len(lower) and lower[end].isalnum()
            ):
                continue
            found.append((start, end))
        found.sort()
        return found

    def finditer(self, pattern, text, before, after, needs_before=None, needs_after=None):
        """The matches of ``pattern`` in ``text`` that begin at most ``before`` characters
        before a key word and end at most ``after`` characters after it, in order, each once.
        ``pattern`` sees the whole text (word boundaries and look-arounds at the window's
        edges are those of the text). ``needs_before``: a string every match holds before
        its key word (an apposition's comma); ``needs_after``: a pattern every match holds
        right after it (a capitalised name): windows without them are not searched."""
        positions = self.positions(text)
        if positions is None:
            yield from pattern.finditer(text)
            return
        done = -1  # where the last match ended: a window never goes back before it
        seen = set()
        for start, end in positions:
            low, high = max(done, start - before, 0), min(len(text), end + after)
            if low >= high:
                continue
            if needs_before is not None and text.find(needs_before, low, start) == -1:
                continue
            if needs_after is not None and not needs_after.match(text, end):
                continue
            for match in pattern.finditer(text, low, high):
                span = match.span()
                if span in seen or not (span[0] <= start and span[1] >= end):
                    continue  # a match around another key word: that window finds it
                seen.add(span)
                done = max(done, span[1])
                yield match


def alternation(words):
    """A regular expression that matches any of ``words`` (lower case; compile it ignoring
    case), preferring the longest, as a trie: ``re`` tries one branch per character instead
    of every word in turn ("south korea|south africa|..." becomes "south (?:korea|africa)")."""
    trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node):
        branches = [re.escape(char) + build(child) for char, child in node.items() if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)
