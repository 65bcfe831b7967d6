"""The run command's set-up step: seed once, admin once, index built; safe to repeat."""

import io
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from archive.models import Article, Person
from tests.base import ArchiveTestCase, backend


class SetupArchiveTests(ArchiveTestCase):
    @classmethod
    def setUpTestData(cls):
        pass  # start from an empty archive, as a new user does

    def run_setup(self):
        out = io.StringIO()
        call_command("setup_archive", stdout=out)
        return out.getvalue()

    def test_it_seeds_indexes_and_creates_an_admin_once(self):
        first = self.run_setup()
        self.assertIn("Loaded the seed fixture: 5 article(s)", first)
        self.assertIn("as 'admin' with password", first)
        self.assertEqual(backend().doc_count(), 5)
        person_count = Person.objects.count()

        second = self.run_setup()
        self.assertIn("not loaded again", second)
        self.assertNotIn("password ", second.split("Admin:")[1].split("(")[0])
        self.assertEqual(Article.objects.count(), 5)
        self.assertEqual(Person.objects.count(), person_count)
        self.assertEqual(get_user_model().objects.filter(is_superuser=True).count(), 1)
        self.assertEqual(backend().doc_count(), 5)

    def test_the_printed_addresses_follow_the_port(self):
        from unittest import mock

        with mock.patch.dict("os.environ", {"ARCHIVE_PORT": "8123"}):
            first = self.run_setup()
        self.assertIn("http://127.0.0.1:8123/admin/", first)
        self.assertNotIn("127.0.0.1:8000", first)
        run = (Path(settings.BASE_DIR) / "bin" / "run").read_text()
        self.assertIn("http://127.0.0.1:${PORT}/", run)
        self.assertIn('export ARCHIVE_PORT="$PORT"', run)

    def test_it_keeps_a_curators_edit_when_run_again(self):
        self.run_setup()
        Article.objects.filter(pk=1).update(title="Curated headline")
        self.run_setup()
        self.assertEqual(Article.objects.get(pk=1).title, "Curated headline")
