"""The benchmark corpus generator: deterministic, importable, and realistic where it counts."""

import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import ahocorasick
from django.test import SimpleTestCase, tag

from archive.countries import country_problem
from archive.ingest.jsonl import parse_line
from archive.ingest.sources import canonical_source_name
from archive.models import Source
from archive.names import alias_problem, is_cjk, normalize_name
from benchmark import corpus

ROOT = Path(__file__).resolve().parent.parent
SIZE = 200
SEED = 7


def corpus_bytes(size, seed):
    buffer = io.BytesIO()
    corpus.write_corpus(buffer, size, seed)
    return buffer.getvalue()


def names_of(person):
    """A person's full name and Latin-script aliases: what running text names them by."""
    return [person["name"]] + [a["name"] for a in person["aliases"] if not is_cjk(a["name"])]


@tag("slow")
class CorpusTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.data = corpus_bytes(SIZE, SEED)
        cls.lines = cls.data.decode("utf-8").splitlines()
        cls.records = [json.loads(line) for line in cls.lines]
        cls.people = corpus.generate_people(SEED)
        cls.sources = corpus.generate_sources(SEED)

    def test_a_fresh_process_writes_the_same_bytes_with_two_workers(self):
        # Another interpreter has another hash seed, so set or dict order leaking into the
        # output would show here; --jobs 2 takes the worker-process path (SIZE > CHUNK).
        self.assertGreater(SIZE, corpus.CHUNK)
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "corpus.jsonl"
            people = Path(folder) / "people.json"
            sources = Path(folder) / "sources.json"
            command = [sys.executable, "benchmark/corpus.py", "--jobs", "2", "--out", str(out)]
            command += [f"--size={SIZE}", f"--seed={SEED}", f"--people-out={people}"]
            command += [f"--sources-out={sources}"]
            done = subprocess.run(
                command,
                cwd=ROOT,
                env={**os.environ, "PYTHONHASHSEED": "12345"},
                capture_output=True,
                text=True,
                timeout=120,
                check=False,
            )
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(out.read_bytes(), self.data)
            self.assertEqual(json.loads(people.read_text(encoding="utf-8")), self.people)
            self.assertEqual(json.loads(sources.read_text(encoding="utf-8")), self.sources)
        self.assertRegex(done.stderr, rf"^{SIZE} articles, [\d.]+ MB, [\d.]+ s")

    def test_corpora_nest_and_seeds_differ(self):
        smaller = corpus_bytes(30, SEED).decode("utf-8").splitlines()
        self.assertEqual(smaller, self.lines[:30])
        other = corpus_bytes(30, SEED + 1).decode("utf-8").splitlines()
        self.assertEqual(len(other), 30)
        self.assertFalse(set(other) & set(self.lines))
        self.assertNotEqual(corpus.generate_people(SEED + 1), self.people)

    def test_every_line_imports_cleanly(self):
        source_names = {source["name"] for source in self.sources}
        precisions = Counter()
        for number, (line, record) in enumerate(zip(self.lines, self.records, strict=True)):
            with self.subTest(line=number):
                article = parse_line(line, origin=f"corpus:{number}")
                self.assertEqual(article.notes, [])
                self.assertTrue(article.blocks)
                self.assertEqual(article.title, record["title"])
                self.assertIn(article.source_name, source_names)
                self.assertEqual(article.url, record["url"])
                self.assertEqual(article.language, "en")
                self.assertLessEqual(len(record["authors"]), 3)
                self.assertIsNone(re.search(r"[\x00-\x09\x0b-\x1f]", line))
                published = record.get("published")
                expected = {None: None, 10: "day", 7: "month"}[published and len(published)]
                if expected:
                    self.assertEqual(article.precision, expected)
                    self.assertGreaterEqual(published, "2000-01")
                    self.assertLessEqual(published, "2026-10-31")
                else:
                    self.assertIsNone(article.published)
                precisions[expected] += 1
        self.assertEqual(len({record["url"] for record in self.records}), SIZE)
        # About 5% undated and 3% known to the month only.
        self.assertTrue(2 <= precisions[None] <= 25, precisions)
        self.assertTrue(1 <= precisions["month"] <= 15, precisions)
        years = Counter(record["url"].split("/")[3] for record in self.records)
        recent = sum(n for year, n in years.items() if year >= "2017")
        self.assertGreater(recent, SIZE * 0.6)
        self.assertGreater(SIZE - recent, 10)

    def test_people_have_unique_names_and_aliases(self):
        self.assertTrue(950 <= len(self.people) <= 1050)
        owner = {}
        for index, person in enumerate(self.people):
            forms = {normalize_name(person["name"])}
            for alias in person["aliases"]:
                self.assertEqual(alias["kind"], "full")
                self.assertIsNone(alias_problem(alias["name"], alias["kind"]), alias)
                if len(alias["name"].split()) == 1:
                    self.assertTrue(is_cjk(alias["name"]), alias)
                forms.add(normalize_name(alias["name"]))
            for form in forms:
                self.assertNotIn(form, owner, f"{person['name']} and #{owner.get(form)}")
                owner[form] = index
            words = person["name"].split()
            self.assertIn(person["short_name"], (words[0], words[-1]))
        by_name = {person["name"]: person for person in self.people}
        self.assertEqual(len(by_name), len(self.people))
        kim = by_name["Kim Jong Un"]
        self.assertTrue(kim["is_leader"])
        self.assertEqual(kim["short_name"], "Kim")
        kim_aliases = {a["name"] for a in kim["aliases"]}
        self.assertTrue({"Kim Jong-un", "김정은", "金正恩"} <= kim_aliases)
        self.assertEqual(by_name["Kim Yo Jong"]["short_name"], "Kim")
        self.assertFalse(by_name["Kim Yo Jong"]["is_leader"])
        self.assertIn("习近平", {a["name"] for a in by_name["Xi Jinping"]["aliases"]})
        self.assertIn("문재인", {a["name"] for a in by_name["Moon Jae-in"]["aliases"]})
        leaders = [person for person in self.people if person["is_leader"]]
        self.assertTrue(20 <= len(leaders) <= 30, len(leaders))
        # Made-up people come from several naming traditions.
        scripts = Counter("cjk" if any(is_cjk(a["name"]) for a in p["aliases"]) else "latin"
                          for p in self.people[100:])  # fmt: skip
        self.assertGreater(scripts["cjk"], 100)

    def test_sources_are_distinct_outlets_to_the_importer(self):
        names = [source["name"] for source in self.sources]
        self.assertTrue(250 <= len(names) <= 400, len(names))
        self.assertEqual(len({normalize_name(name) for name in names}), len(names))
        # No two of the corpus's outlets resolve to one (the real ones by the reference list,
        # "Xinhua" as "Xinhua News Agency"; the made-up ones as themselves).
        outlets = {canonical_source_name(name) for name in names}
        self.assertEqual(len(outlets), len(names))
        self.assertEqual(canonical_source_name("Xinhua"), "Xinhua News Agency")
        for source in self.sources:
            self.assertIn(source["kind"], Source.Kind.values)
            self.assertIn(source["control"], Source.Control.values)
            self.assertIsNone(country_problem(source["country"]), source)
        # Every real outlet has its country; a made-up regional one ("East Asia") may not.
        self.assertTrue(all(source["country"] for source in self.sources[:50]))
        for real in ("Associated Press", "Reuters", "Yonhap", "Korean Central News Agency"):
            self.assertIn(real, names)
        # A few big wires carry a large share of the copy.
        counts = Counter(record["source"] for record in self.records)
        top_three = sum(n for _name, n in counts.most_common(3))
        self.assertGreater(top_three, SIZE * 0.3)
        self.assertGreater(len(counts), 20)

    def test_lengths_spread_like_news(self):
        words = [len(record["body"].split()) for record in self.records]
        self.assertTrue(any(n < 400 for n in words))
        self.assertTrue(any(n > 900 for n in words))
        self.assertTrue(all(150 <= n <= 2700 for n in words))
        self.assertTrue(400 <= statistics.median(words) <= 900)
        for record in self.records:
            self.assertTrue(6 <= len(record["title"].split()) <= 14, record["title"])
            paragraphs = record["body"].split("\n\n")
            self.assertGreater(len(paragraphs), 2)

    def test_quotes_open_and_close_within_a_paragraph(self):
        for record in self.records:
            for paragraph in record["body"].split("\n\n"):
                depth = 0
                for ch in paragraph:
                    depth += {"“": 1, "”": -1}.get(ch, 0)
                    self.assertGreaterEqual(depth, 0, paragraph)
                self.assertEqual(depth, 0, paragraph)

    def test_vocabulary_is_large(self):
        words = Counter()
        for record in self.records:
            words.update(re.findall(r"[a-z]+", record["body"].lower()))
        self.assertGreater(len(words), 5000)
        # A long tail: many words occur once, and the commonest is a function word.
        self.assertGreater(sum(1 for n in words.values() if n == 1), 1500)
        self.assertEqual(words.most_common(1)[0][0], "the")

    def test_leaders_appear_in_far_more_articles(self):
        # One pass over each body for every name (Aho-Corasick: substring matches).
        automaton = ahocorasick.Automaton()
        for index, person in enumerate(self.people):
            for name in names_of(person):
                automaton.add_word(name, index)
        automaton.make_automaton()
        named = [{index for _end, index in automaton.iter(r["body"])} for r in self.records]
        counts = Counter(index for indexes in named for index in indexes)
        leaders = [counts[i] for i, p in enumerate(self.people) if p["is_leader"]]
        others = [counts[i] for i, p in enumerate(self.people) if not p["is_leader"]]
        self.assertGreater(statistics.mean(leaders), 10 * statistics.mean(others))
        self.assertEqual(self.people[counts.most_common(1)[0][0]]["name"], "Kim Jong Un")
        # Several people a story, and many of the made-up ones turn up somewhere.
        self.assertTrue(2 <= statistics.median(len(indexes) for indexes in named) <= 6)
        self.assertGreater(sum(1 for n in others if n), 100)

    def test_short_forms_come_after_a_full_name(self):
        # "President Xi" only where the story has already named Xi Jinping (or a namesake
        # with the same title) in full.
        titles = {row[0]: row[8] for row in corpus.REAL_PEOPLE}
        titled = [p for p in self.people if titles.get(p["name"])]
        forms = {}
        for person in titled:
            form = f"{titles[person['name']]} {person['short_name']}"
            # The short form itself, not the start of "President Xi Jinping".
            pattern = re.compile(rf"\b{re.escape(form)}(?![\w-]| [A-Z])")
            forms.setdefault(form, (pattern, []))[1].append(person)
        checked = 0
        for record in self.records:
            body = record["body"]
            for form, (pattern, namesakes) in forms.items():
                match = pattern.search(body) if form in body else None
                if not match:
                    continue
                full = [body.find(n) for p in namesakes for n in names_of(p) if n in body]
                self.assertTrue(full and min(full) < match.start(), (form, body[:400]))
                checked += 1
        self.assertGreater(checked, 20)

    def test_hard_cases_and_house_styles_occur(self):
        bodies = "\n".join(record["body"] for record in self.records)
        self.assertRegex(bodies, r"(?m)(contributed to this report\.|^Reporting by )")
        self.assertRegex(bodies, r"(?m)^[A-Z][^\n]+ \[[A-Z][^\]/\n]+/[^\]\n]+\]$")
        self.assertIn(" the moon", bodies)
        self.assertRegex(bodies, r"\bMs\.? Kim\b")
        self.assertRegex(bodies, r"\bdenuclearisation\b|\bprogrammes?\b|\bdefence\b")
        self.assertRegex(bodies, r"\bdenuclearization\b|\bprograms?\b|\bdefense\b")
        self.assertIn("U.S.", bodies)
