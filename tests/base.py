"""Shared test scaffolding: named objects built in code, and a private search index on
whatever engine ``SEARCH_URL`` names (a temporary Whoosh folder, or an Elasticsearch index
of this test process's own; the backend contract tests are skipped with a clear message
when that cluster does not answer)."""

import contextlib
import itertools
import os
import shutil
import tempfile
import unittest

from django.conf import settings
from django.test import TestCase
from haystack import connections

from archive import indexing
from archive.models import Alias, Article, Mention, Person, Source

_NAMES = itertools.count()


def engine():
    return settings.HAYSTACK_CONNECTIONS["default"]["ENGINE"]


def whoosh():
    return engine().startswith("archive.search.backend.")


skip_unless_whoosh = unittest.skipUnless(
    whoosh(), "Whoosh-specific (the search engine named by SEARCH_URL is another one)"
)


def use_temporary_index(test_class):
    """Point Haystack at a fresh index for this class (each test process has its own)."""
    options = settings.HAYSTACK_CONNECTIONS["default"]
    if whoosh():
        from archive.search.index_files import POOL

        test_class._index_saved = ("PATH", options["PATH"])
        test_class._index_dir = tempfile.mkdtemp(prefix="archive-index-")
        options["PATH"] = f"{test_class._index_dir}/whoosh"
        POOL.forget()
    else:
        test_class._index_saved = ("INDEX_NAME", options["INDEX_NAME"])
        test_class._index_dir = None
        options["INDEX_NAME"] = f"{options['INDEX_NAME']}_test_{os.getpid()}_{next(_NAMES)}"
    connections.reload("default")
    if not whoosh():
        backend_ = backend()
        if not backend_.conn.ping():
            restore_index(test_class)
            raise unittest.SkipTest(
                f"SEARCH_URL names {engine()} at {options.get('URL')}, which does not answer: "
                "the search-backend contract tests need a running cluster."
            )


def restore_index(test_class):
    key, value = test_class._index_saved
    if not whoosh():
        # A cluster gone mid-run leaves nothing to clean.
        with contextlib.suppress(Exception):
            backend().clear()
    settings.HAYSTACK_CONNECTIONS["default"][key] = value
    if whoosh():
        from archive.search.index_files import POOL

        POOL.forget()
    connections.reload("default")
    if test_class._index_dir:
        shutil.rmtree(test_class._index_dir, ignore_errors=True)


def backend():
    return connections["default"].get_backend()


def reset_index():
    """An empty index (the test database rolls back; the index does not)."""
    backend().clear()
    indexing.PendingIndexUpdate.objects.all().delete()


BODY = (
    "<p>North Korean leader Kim Jong Un met Chinese President Xi Jinping in Beijing on "
    "Tuesday, state media said.</p><p>Mr Kim and Mr Xi discussed denuclearisation.</p>"
)


class ArchiveTestCase(TestCase):
    """Kim, Xi, a wire source and one article tagging both, built in code."""

    @classmethod
    def setUpClass(cls):
        use_temporary_index(cls)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        restore_index(cls)

    @classmethod
    def setUpTestData(cls):
        cls.ap = Source.objects.create(name="Associated Press", kind=Source.Kind.WIRE)
        cls.kcna = Source.objects.create(
            name="Korean Central News Agency", kind=Source.Kind.WIRE, control=Source.Control.STATE
        )
        cls.kim = Person.objects.create(
            name="Kim Jong Un", short_name="Kim", is_leader=True, country="KP"
        )
        Alias.objects.create(person=cls.kim, name="Kim Jong-un")
        Alias.objects.create(person=cls.kim, name="김정은")
        Alias.objects.create(person=cls.kim, name="金正恩")
        cls.xi = Person.objects.create(
            name="Xi Jinping", short_name="Xi", is_leader=True, country="CN"
        )
        Alias.objects.create(person=cls.xi, name="习近平")
        cls.article = Article.objects.create(
            title="Kim meets Xi in Beijing",
            body=BODY,
            content_hash="hash-kim-meets-xi",
            source=cls.ap,
            published="2019-01-08",
            date_precision=Article.Precision.DAY,
        )
        Mention.objects.create(article=cls.article, person=cls.kim, count=2)
        Mention.objects.create(article=cls.article, person=cls.xi, count=2)

    def setUp(self):
        reset_index()

    def index_everything(self):
        indexing.enqueue(Article.objects.values_list("id", flat=True))
        return indexing.drain_index_queue(blocking=True)
