"""The word lists the name rules use, loaded once from ``archive/wordlists/*.txt``.

A list file holds one word or phrase a line; lines starting with ``#`` are its header (what
the list is for, and why a word also stands in another list). Pure: no Django, no models;
``archive.names`` and ``archive.tagging`` stand above it.
"""

import functools
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "wordlists"


@functools.cache
def entries(name):
    """The entries of ``wordlists/<name>.txt`` in file order (a tuple)."""
    lines = (FOLDER / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def words(*names):
    """The union of several lists, as a frozenset."""
    return frozenset(entry for name in names for entry in entries(name))
