"""The test runner: every run gets its own temporary data folder and search index, so tests
never touch a developer's database or index."""

import shutil
import tempfile

from django.conf import settings
from django.test.runner import DiscoverRunner
from django.test.utils import override_settings


class ArchiveTestRunner(DiscoverRunner):
    def setup_test_environment(self, **kwargs):
        super().setup_test_environment(**kwargs)
        self._tmp = tempfile.mkdtemp(prefix="archive-tests-")
        self._saved = (
            settings.HAYSTACK_CONNECTIONS["default"].get("PATH"),
            settings.ARCHIVE_BACKGROUND,
        )
        # Haystack keeps a reference to this dict: change it in place.
        settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = f"{self._tmp}/whoosh"
        settings.ARCHIVE_BACKGROUND = "sync"
        # Test databases roll back but a cache would not: no caching unless a test asks.
        self._caches = override_settings(
            CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
        )
        self._caches.enable()

    def teardown_test_environment(self, **kwargs):
        self._caches.disable()
        settings.HAYSTACK_CONNECTIONS["default"]["PATH"], settings.ARCHIVE_BACKGROUND = self._saved
        shutil.rmtree(self._tmp, ignore_errors=True)
        super().teardown_test_environment(**kwargs)
