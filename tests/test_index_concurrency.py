"""Two real processes write at once (an import, and admin-style edits and deletes); the
index must then match the database exactly, with no repair."""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase, tag

from tests.scratch import environment, scratch_database_url

ROOT = Path(__file__).resolve().parent.parent

EDITS = """
import random, time
from django.db import transaction
from archive.models import Article
rng = random.Random(7)
for step in range(60):
    ids = list(Article.objects.values_list("id", flat=True))
    while not ids:  # the edits may delete the seed before the import commits its first batch
        time.sleep(0.05)
        ids = list(Article.objects.values_list("id", flat=True))
    with transaction.atomic():
        article = Article.objects.get(id=rng.choice(ids))
        if step % 4 == 3:
            article.delete()
        else:
            article.title = f"Edited {step} {article.title}"[:400]
            article.save()
    time.sleep(0.02)
print("edits done")
"""


@tag("slow")
class TwoWritersTests(SimpleTestCase):
    def setUp(self):
        self.data = tempfile.mkdtemp(prefix="archive-concurrency-")
        self.addCleanup(shutil.rmtree, self.data, True)
        database_url = self.enterContext(scratch_database_url())
        self.env = environment(self.data, database_url, ARCHIVE_BACKGROUND="worker")

    def manage(self, *args, **kwargs):
        return subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            **kwargs,
        )

    def start(self, *args):
        return subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), *args],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def test_an_import_and_concurrent_edits_leave_the_index_equal_to_the_database(self):
        for args in (("migrate", "-v", "0"), ("setup_archive", "--no-admin")):
            done = self.manage(*args)
            self.assertEqual(done.returncode, 0, done.stderr)
        lines = Path(self.data) / "incoming.jsonl"
        with open(lines, "w") as handle:
            for n in range(300):
                handle.write(
                    json.dumps(
                        {
                            "title": f"Imported report {n}",
                            "body": f"Report {n}: North Korean leader Kim Jong Un met Chinese "
                            f"President Xi Jinping, officials said. Detail number {n}.",
                            "source": "Reuters",
                            "published": f"2019-{1 + n % 12:02d}-{1 + n % 28:02d}",
                        }
                    )
                    + "\n"
                )
        worker = self.start("run_worker")  # applies the edits' index updates meanwhile
        importer = self.start("import_articles", str(lines), "--no-progress")
        editor = self.start("shell", "-c", EDITS)
        outputs = [process.communicate(timeout=300) for process in (importer, editor)]
        worker.terminate()
        worker_output = worker.communicate(timeout=60)
        self.assertIn("stopped", worker_output[0], worker_output[1][-3000:])
        # The tail of stderr holds the exception, should one of them fail.
        self.assertEqual(importer.returncode, 0, outputs[0][1][-3000:])
        self.assertEqual(editor.returncode, 0, outputs[1][1][-3000:])
        self.assertIn("created 300", outputs[0][0])

        check = self.manage("check_index", "--no-progress")
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertIn("0 missing from the index, 0 extra in the index, 0 stale", check.stdout)
