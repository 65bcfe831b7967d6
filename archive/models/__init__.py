"""The archive's data: sources, articles, people, their aliases and the mentions (tags), and
the work queued after a change.

The database is the source of truth; the search index is derived from it (archive.indexing).
"""

from archive.models.articles import Article, ArticleAgency, ArticleQuerySet, ArticleVersion
from archive.models.candidates import Candidate, CandidateDecision, CandidateSighting
from archive.models.common import EARLIEST_DATE, date_problem, format_date, unique_slug
from archive.models.events import (
    Event,
    EventArticle,
    EventDecision,
    EventEvidence,
    EventParticipant,
    EventSuggestion,
)
from archive.models.offices import OfficeHolding
from archive.models.people import (
    Alias,
    Mention,
    MentionDecision,
    MergeLog,
    Person,
    PersonRedirect,
    SuggestedMention,
)
from archive.models.queue import (
    Job,
    PendingIndexUpdate,
    connection_vendor,
    index_updates_queued,
    job_queued,
)
from archive.models.sources import (
    Source,
    SourceDomain,
    SourceMergeLog,
    SourceName,
    SourceRedirect,
    domain_of,
    domain_problem,
)
from archive.models.stories import Story, StoryBand

__all__ = [
    "EARLIEST_DATE",
    "Alias",
    "Article",
    "ArticleAgency",
    "ArticleQuerySet",
    "ArticleVersion",
    "Candidate",
    "CandidateDecision",
    "CandidateSighting",
    "Event",
    "EventArticle",
    "EventDecision",
    "EventEvidence",
    "EventParticipant",
    "EventSuggestion",
    "Job",
    "Mention",
    "MentionDecision",
    "MergeLog",
    "OfficeHolding",
    "PendingIndexUpdate",
    "Person",
    "PersonRedirect",
    "Source",
    "SourceDomain",
    "SourceMergeLog",
    "SourceName",
    "SourceRedirect",
    "Story",
    "StoryBand",
    "SuggestedMention",
    "connection_vendor",
    "date_problem",
    "domain_of",
    "domain_problem",
    "format_date",
    "index_updates_queued",
    "job_queued",
    "unique_slug",
]
