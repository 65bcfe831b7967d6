"""Finding the people an article names: pure (text and a gazetteer in, findings out).

- ``gazetteer``: every alias of every person in one automaton; the one pass over the text.
- ``rules``: whether a match is a mention (capitals, titles, other people's names, named
  things, words that are only words).
- ``segments``: the article's segments and sentences; bylines and credits, which are not
  mentions.
- ``resolution``: whom a short form names; ``auto`` or ``suggested``.
- ``vocabulary``: the word lists (archive/wordlists) as the rules use them.

Writing findings is ``Mention.objects.sync``; running the tagger over stored articles is
``archive.tagger``. The labelled set in tests/tagging_cases measures the rules;
benchmark/tagging_quality.py prints the scores.
"""

from archive.tagging.gazetteer import Gazetteer
from archive.tagging.resolution import Finding

__all__ = ["Finding", "Gazetteer"]
