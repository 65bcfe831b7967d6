"""Large JSON lines files are prepared by worker processes while the importer writes
(archive.ingest.importer): what is stored is exactly what one process stores. Run in
subprocesses, each on its own database: a parallel test runner's processes may not fork
workers of their own (they then import in one process)."""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase, tag

ROOT = Path(__file__).resolve().parent.parent

LEDE = (
    "North Korean leader Kim Jong Un met Chinese President Xi Jinping in Beijing on Tuesday, "
    "state media said, in their fourth meeting in less than a year, as the two sides sought "
    "to shore up ties ahead of a second summit with the United States that officials in "
    "Seoul and Washington said could come within weeks, according to people briefed on the "
    "plans who asked not to be named because the talks were private."
)

SCRIPT = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from archive import indexing
from archive.ingest.importer import Importer
from archive.models import Article, Mention, Person
for name in ("Kim Jong Un", "Xi Jinping", "Moon Jae-in"):
    Person.objects.create(name=name, slug=name.lower().replace(" ", "-"), is_leader=True)
indexing.rebuild()  # an empty index
with indexing.deferred():
    summary = Importer(workers=int(sys.argv[2])).run([sys.argv[1]])
# The queue drained after the import: 900 documents in one batch, written by as many
# processes as there are workers.
from haystack.inputs import Exact
from haystack.query import SearchQuerySet
drained = indexing.drain_index_queue(blocking=True)
found = {
    "all": SearchQuerySet().models(Article).count(),
    "word": SearchQuerySet().models(Article).filter(content="Beijing").count(),
    "person": SearchQuerySet().models(Article).filter(person_exact=Exact("Xi Jinping")).count(),
}
mentions = sorted(Mention.objects.values_list("article__title", "person__name", "status", "count"))
# Re-tagging every article (workers read while this process writes, from 800 articles up)
# finds them again.
from archive.tagger import tag_articles
Mention.objects.all().delete()
with indexing.deferred():
    counts = tag_articles(Article.objects.all())
print(json.dumps({
    "drained": drained.updated,
    "found": found,
    "retagged": counts.articles,
    "retag_same": mentions == sorted(Mention.objects.values_list(
        "article__title", "person__name", "status", "count")),
    "workers": summary.workers,
    "created": summary.created,
    "duplicates": summary.duplicates,
    "failed": sorted(summary.failed),
    "articles": list(Article.objects.order_by("id").values_list(
        "title", "language", "story_id", "content_hash")),
    "mentions": sorted(Mention.objects.values_list(
        "article__title", "person__name", "status", "count")),
}))
"""


@tag("slow")
class ParallelImportTests(SimpleTestCase):
    """The import, then the re-tagging of every article, each with and without workers."""

    def import_with(self, path, workers):
        data = Path(tempfile.mkdtemp(prefix="archive-parallel-"))
        self.addCleanup(shutil.rmtree, data, True)
        env = {
            **os.environ,
            "ARCHIVE_DATA_DIR": str(data),
            "ARCHIVE_BACKGROUND": "manual",
            "ARCHIVE_IMPORT_PARALLEL_FROM_BYTES": "0",
            "ARCHIVE_IMPORT_WORKERS": str(workers),
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            "DATABASE_URL": "",
            "SEARCH_URL": "",
        }
        done = subprocess.run(
            [sys.executable, "-c", SCRIPT, str(path), str(workers)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        return json.loads(done.stdout.strip().splitlines()[-1])

    def test_workers_store_exactly_what_one_process_stores(self):
        folder = Path(tempfile.mkdtemp(prefix="archive-parallel-in-"))
        self.addCleanup(shutil.rmtree, folder, True)
        lines = []
        for n in range(900):  # more than two windows of lines
            who = ("Kim Jong Un", "Xi Jinping", "Moon Jae-in")[n % 3]
            lines.append(
                json.dumps(
                    {
                        "title": f"Report {n} on {who}",
                        "body": f"{who} spoke on day {n}. " + (LEDE if n % 50 == 0 else ""),
                        "source": ("Reuters", "BBC News", "Yonhap")[n % 3],
                        "published": f"2019-01-{1 + n % 28:02d}",
                    }
                )
            )
            if n % 50 == 0:  # a copy of the wire story in another outlet: one story
                lines.append(
                    json.dumps(
                        {
                            "title": f"Copy {n}",
                            "body": LEDE + f" Another outlet's last line, {n}.",
                            "source": "The Korea Herald",
                            "published": f"2019-01-{1 + n % 28:02d}",
                        }
                    )
                )
        lines[10] = "{broken"
        lines[20] = json.dumps({"title": "No body", "body": ""})
        lines.append(lines[30])  # the same article again: a duplicate
        path = folder / "articles.jsonl"
        path.write_text("\n".join(lines) + "\n")
        alone = self.import_with(path, 0)
        together = self.import_with(path, 2)
        self.assertEqual(alone["workers"], 0)
        self.assertEqual(together["workers"], 2)
        self.assertEqual(together["failed"], alone["failed"])
        self.assertEqual(len(alone["failed"]), 2)
        for key in ("created", "duplicates", "articles", "mentions"):
            self.assertEqual(together[key], alone[key], key)
        self.assertGreater(alone["created"], 900)
        self.assertEqual(alone["duplicates"], 1)
        self.assertTrue(any(story for _t, _l, story, _h in alone["articles"]))
        self.assertGreater(len(alone["mentions"]), 900)
        for run in (alone, together):
            self.assertEqual(run["retagged"], alone["created"])
            self.assertTrue(run["retag_same"])
            self.assertEqual(run["drained"], alone["created"])
            self.assertEqual(run["found"]["all"], alone["created"])
        self.assertEqual(together["found"], alone["found"])
        self.assertGreater(alone["found"]["word"], 10)
        self.assertGreater(alone["found"]["person"], 200)


class WorkerCountTests(SimpleTestCase):
    def test_the_setting_is_the_count_never_below_none_and_none_in_a_daemon(self):
        from unittest import mock

        from django.test import override_settings

        from archive import parallel

        awake = mock.Mock(daemon=False)
        with mock.patch("multiprocessing.current_process", return_value=awake):
            for value, expected in ((3, 3), (0, 0), (-2, 0)):
                with override_settings(ARCHIVE_IMPORT_WORKERS=value):
                    self.assertEqual(parallel.worker_processes(), expected)
        with mock.patch("multiprocessing.current_process", return_value=mock.Mock(daemon=True)):
            self.assertEqual(parallel.worker_processes(), 0)
