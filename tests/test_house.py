"""The shape of the code: no import cycle in archive/, Whoosh's private parts in one module,
nothing Whoosh- or numpy-specific imported when the search engine is another one."""

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import SimpleTestCase

ARCHIVE = Path(settings.BASE_DIR) / "archive"


def import_graph():
    """{module: {archive modules it imports}} of every module in archive/ (migrations
    aside), lazy imports inside functions included."""
    modules = {}
    for path in ARCHIVE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ARCHIVE.parent).with_suffix("").parts)
        modules[name.removesuffix(".__init__")] = path
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parts, base] if base else parts)
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            for target in targets:
                while target and target not in modules:
                    target = target.rpartition(".")[0]
                if target and target != name and not name.startswith(target + "."):
                    graph[name].add(target)
    return graph


def cycles(graph):
    """Strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


class HouseTests(SimpleTestCase):
    def test_no_module_of_the_archive_imports_in_a_cycle(self):
        graph = import_graph()
        self.assertIn("archive.models", graph)
        self.assertEqual(cycles(graph), [])

    def test_the_cycle_check_finds_a_cycle(self):
        self.assertEqual(
            cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}), [["a", "b", "c"]]
        )

    def test_names_and_tagging_stand_below_the_models(self):
        graph = import_graph()
        for module in ("archive.names", "archive.lexicon", "archive.tagging.gazetteer"):
            self.assertNotIn("archive.models", graph[module], module)

    def test_whoosh_private_names_are_used_only_by_the_internals_module(self):
        private = re.compile(
            r"\._(?:read_ids|read_data|read_weights|read_values|next_block|byteids|ids|data|"
            r"weights|values|btexts|compile_query|perdoc|field_B|dbfile|basepos|count)\b"
            r"|\b_lenfield\b|LENGTHS_COLUMN"
        )
        for path in (ARCHIVE / "search").glob("*.py"):
            if path.name == "whoosh_internals.py":
                continue
            with self.subTest(path=path.name):
                self.assertIsNone(private.search(path.read_text(encoding="utf-8")))

    def test_another_engine_imports_nothing_of_whoosh_or_the_numpy_search(self):
        code = (
            "import sys, django; django.setup();"
            "import archive.urls, archive.admin, archive.indexing, archive.curation, "
            "archive.feeds, archive.search.forms, archive.search.highlight;"
            "from django.urls import reverse; reverse('search');"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('whoosh', 'numpy')"
            " or m in ('archive.search.backend', 'archive.search.matching',"
            " 'archive.search.columns', 'archive.search.whoosh_internals',"
            " 'archive.search.analysis', 'archive.search.spelling')))"
        )
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "archive.settings",
            "SEARCH_URL": "elasticsearch://127.0.0.1:9200/archive",
        }
        out = subprocess.run(
            [sys.executable, "-c", code],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        self.assertEqual(out.stdout.strip(), "[]", out.stderr[-2000:])


class ElasticsearchSettingsTests(SimpleTestCase):
    def test_the_kept_settings_are_what_the_fields_and_rules_give(self):
        from haystack import connections

        from archive.search import elastic

        fields = connections["default"].get_unified_index().all_searchfields()
        self.assertEqual(
            elastic.KEPT_FILE.read_text(encoding="utf-8"),
            elastic.as_json(fields),
            "run `manage.py elasticsearch_index --write`",
        )
        properties = elastic.mappings(fields)["properties"]
        self.assertEqual(properties["text_ru"], {"type": "text", "analyzer": "russian"})
        self.assertEqual(properties["language_exact"], {"type": "keyword"})
