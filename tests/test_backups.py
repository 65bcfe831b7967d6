"""Backups that restore, on SQLite and on PostgreSQL: nothing lost, datetimes to the
microsecond, curators' decisions, merges and redirects included; the index rebuilt."""

import datetime
import io
import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TransactionTestCase

from archive.backups import BackupError, backup, read_manifest, restore
from archive.curation import decide, merge_people
from archive.models import Alias, Article, Job, Mention, MentionDecision, Person, Source
from tests.base import reset_index, restore_index, use_temporary_index

MOMENT = datetime.datetime(2019, 6, 20, 8, 15, 42, 123456, tzinfo=datetime.UTC)


def snapshot():
    """Every row of every archive table and of the users, as stored."""
    models = [*apps.get_app_config("archive").get_models(), User]
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in models
        if not model._meta.proxy
    }


class BackupRoundTripTests(TransactionTestCase):
    @classmethod
    def setUpClass(cls):
        use_temporary_index(cls)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        restore_index(cls)

    def setUp(self):
        reset_index()
        self.folder = Path(tempfile.mkdtemp(prefix="archive-backups-"))
        self.addCleanup(shutil.rmtree, self.folder, True)
        curator = User.objects.create_user("curator", password="x")
        source = Source.objects.create(name="Reuters", kind="wire")
        kim = Person.objects.create(name="Kim Jong Un", short_name="Kim", is_leader=True)
        Alias.objects.create(person=kim, name="김정은")
        twin = Person.objects.create(name="Kim Jong-eun")
        article = Article.objects.create(
            title="Kim visits Beijing",
            body="<p>Kim Jong Un arrived in Beijing.</p>",
            content_hash="backup-1",
            source=source,
            published=datetime.date(2019, 1, 8),
            date_precision="day",
        )
        mention = Mention.objects.create(article=article, person=twin, status="suggested")
        decide([mention], Mention.Status.CONFIRMED, curator, note="review queue")
        MentionDecision.objects.update(at=MOMENT)
        merge_people(kim, twin, curator)
        Job.objects.create(kind="retag", payload={"names": ["Kim"]}, run_after=MOMENT)
        Article.objects.filter(pk=article.pk).update(created=MOMENT, tagged_at=MOMENT)

    def test_a_backup_restores_every_row_exactly(self):
        before = snapshot()
        self.assertEqual(MentionDecision.objects.get().at, MOMENT)
        path, info = backup(self.folder / "one.tar")
        self.assertEqual(read_manifest(path)["counts"]["articles"], 1)
        self.assertIn(info["vendor"], ("sqlite", "postgresql"))

        Article.objects.all().delete()
        Person.objects.filter(name="Kim Jong Un").update(name="Someone else")
        User.objects.all().delete()
        done = restore(path)

        self.assertEqual(snapshot(), before)
        self.assertEqual(MentionDecision.objects.get().at.microsecond, 123456)
        self.assertEqual(Article.objects.get().created, MOMENT)
        self.assertTrue(Person.objects.get(name="Kim Jong Un").redirects.exists())
        self.assertTrue(done["drift"].clean)
        self.assertEqual(done["indexed"], 1)

    def test_the_commands_back_up_and_restore(self):
        out = io.StringIO()
        call_command("backup", str(self.folder / "cmd.tar"), stdout=out)
        self.assertIn("1 article(s)", out.getvalue())
        Article.objects.all().delete()
        out = io.StringIO()
        call_command("restore", str(self.folder / "cmd.tar"), "--yes", "--no-progress", stdout=out)
        self.assertIn("drift: 0 missing, 0 extra, 0 stale", out.getvalue())
        self.assertEqual(Article.objects.count(), 1)

    def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(self):
        bogus = self.folder / "bogus.tar"
        bogus.write_text("not a tar file")
        before = snapshot()
        with self.assertRaises(BackupError):
            restore(bogus)
        with self.assertRaisesMessage(CommandError, "not an archive backup"):
            call_command("restore", str(bogus), "--yes", stdout=io.StringIO())
        self.assertEqual(snapshot(), before)
