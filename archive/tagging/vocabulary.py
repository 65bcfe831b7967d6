"""The vocabulary of the name rules, built once from the word lists (archive/wordlists).

What a title says about its holder (a head of state or government, or somebody else), which
words may follow or precede a name without making it a longer name, and which surnames
are also words."""

from archive.lexicon import entries, words

LEADER, OTHER = "leader", "other"

# Forms of address and titles that make a short form with a surname ("President Xi").
HONORIFICS = entries("honorifics")
# What a title before a surname says about who carries it. "Mr", "Ms", "Comrade" say nothing.
ROLES = {
    **dict.fromkeys(entries("titles-leader"), LEADER),
    **dict.fromkeys(entries("titles-other"), OTHER),
}
ROLE_ENDS = frozenset(role.split()[-1] for role in ROLES)
POLITICAL_NOUNS = words("political-nouns")
SUBJECT_VERBS = words("subject-verbs")
# Words that start a capitalised run after a name without making it another person's name.
FOLLOWERS = words("follower-words", "joining-words", "weekdays", "political-nouns", "subject-verbs")
# A capitalised word before a bare surname that does not make it someone else's name.
TITLE_WORDS = frozenset(h.split()[-1].rstrip(".").lower() for h in HONORIFICS) | words(
    "nationality-words",
    "joining-words",
    "function-words",
    "sentence-openers",
    "descriptors",
    "weekdays",
    "months",
)
NAMED_THINGS = entries("named-things")
WORD_SURNAMES = words("word-surnames")
HANGUL_SUFFIXES = entries("hangul-suffixes")
