"""A 1,000-article smoke run of the benchmark, so that it keeps working. No timing is
asserted: only that every phase ran and measured something sane."""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.test import SimpleTestCase, tag

ROOT = Path(__file__).resolve().parent.parent


@tag("slow", "sqlite-only")
class BenchmarkSmokeTests(SimpleTestCase):
    def test_a_small_run_measures_every_phase(self):
        folder = Path(tempfile.mkdtemp(prefix="archive-bench-smoke-"))
        self.addCleanup(shutil.rmtree, folder, True)
        done = subprocess.run(
            [
                sys.executable,
                str(ROOT / "benchmark" / "run.py"),
                "--size",
                "1000",
                "--repeat",
                "3",
                "--load-seconds",
                "3",
                "--clients",
                "4",
                "--workers",
                "2",
                "--out",
                str(folder / "results"),
                "--cache",
                str(folder / "corpus"),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=900,
        )
        self.assertEqual(done.returncode, 0, done.stderr[-3000:])
        result = json.loads((folder / "results" / "1000.json").read_text())
        imported = result["import"]
        # Two outlets running one wire story word for word: the second is skipped.
        self.assertEqual(imported["articles"] + imported["duplicates"], 1000)
        self.assertLess(imported["duplicates"], 20)
        self.assertEqual(imported["failed"], 0)
        self.assertGreater(imported["mentions"], 1000)
        # Republished wire copy is grouped with its original.
        self.assertGreater(imported["stories"], 10)
        self.assertGreater(imported["articles_in_stories"], 2 * imported["stories"] - 1)
        self.assertEqual(result["index"]["documents"], imported["articles"])
        self.assertEqual(result["bare_whoosh"]["documents"], 1000)
        self.assertEqual(result["bare_fts5"]["documents"], 1000)
        queries = result["search"]["queries"]
        self.assertEqual(len(queries), 16)
        for name, row in queries.items():
            self.assertEqual(row["view"]["runs"], 3, name)
            self.assertGreater(row["view"]["median"], 0, name)
        common = queries["common term"]["hits"]
        self.assertGreater(common, 100)
        self.assertEqual(queries["misspelling (did you mean)"]["hits"], 0)
        # The new kinds find what they should: copies apart count every article, a filter
        # or facet narrows, the event finds its coverage, the API agrees with the view.
        self.assertGreaterEqual(queries["common term, copies apart"]["hits"], common)
        self.assertEqual(queries["language filter"]["hits"], common)
        self.assertGreater(queries["phrase"]["hits"], 0)
        self.assertGreater(queries["phrase, three common words"]["hits"], 0)
        self.assertGreater(queries["event filter"]["hits"], 0)
        self.assertEqual(queries["event filter"]["hits"], result["picks"]["event_articles"])
        self.assertGreater(common, queries["multi-value facets (2 sources, 2 years)"]["hits"])
        self.assertGreater(queries["multi-value facets (2 sources, 2 years)"]["hits"], 0)
        self.assertEqual(
            queries["API search, common term"]["hits"], queries["common term, copies apart"]["hits"]
        )
        pages = result["pages"]["pages"]
        for name in ("event", "compare (3 people)", "people index"):
            self.assertIn(name, pages)
        for name, row in pages.items():
            self.assertGreater(row["median"], 0, name)
        load = result["load"]
        self.assertGreater(load["requests"], 0)
        self.assertEqual(load["errors"], 0)
        self.assertEqual(result["incremental"]["save_to_searchable_ms"]["runs"], 5)
        markdown = (folder / "results" / "1000.md").read_text()
        self.assertIn("### The archive at 1,000 articles", markdown)
