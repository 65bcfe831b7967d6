import sys

from django.core.management.base import BaseCommand, CommandError
from django.http import QueryDict

from archive import coverage, exports
from archive.models import Article, Event, Person, Source
from archive.search.forms import SearchForm


class Command(BaseCommand):
    help = (
        "Export articles as the pages do (CSV, JSON lines, RIS, CSL-JSON): a search (its "
        "query and filters, every hit) or a person's, a pair's, a source's or an event's "
        "articles. Examples: export --format csv --q 'summit' --person kim-jong-un -o out.csv; "
        "export --format jsonl --source reuters --body."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", default="csv", choices=sorted(exports.FORMATS))
        parser.add_argument("--q", default="", help="A query in the search page's syntax.")
        parser.add_argument("--person", action="append", default=[], help="A person's slug.")
        parser.add_argument("--source", help="A source's slug.")
        parser.add_argument("--event", help="An event's slug.")
        parser.add_argument("--from", dest="date_from", help="YYYY-MM-DD, YYYY-MM or YYYY.")
        parser.add_argument("--to", dest="date_to", help="YYYY-MM-DD, YYYY-MM or YYYY.")
        parser.add_argument("--language", help="An ISO 639-1 code.")
        parser.add_argument("--body", action="store_true", help="Add the body text.")
        parser.add_argument("-o", "--output", help="The file to write (default: stdout).")

    def handle(self, *args, **options):
        ids = self.ids(options)
        fmt = options["format"]
        if fmt == "csv":
            lines = exports.csv_lines(ids, body=options["body"])
        elif fmt == "jsonl":
            lines = exports.jsonl_lines(ids, body=options["body"])
        elif fmt == "ris":
            lines = exports.ris_lines(ids)
        else:
            lines = exports.csl_json_chunks(ids)
        output = options.get("output")
        handle = open(output, "w", encoding="utf-8", newline="") if output else self.stdout  # noqa: SIM115
        rows = 0
        try:
            for line in lines:
                handle.write(line)
                rows += 1
        finally:
            if output:
                handle.close()
        if output:
            self.stdout.write(f"Wrote {max(0, rows - (fmt == 'csv'))} record(s) to {output}.")

    def ids(self, options):
        search = options["q"] or options["date_from"] or options["date_to"] or options["language"]
        if not search and options["person"] and not options["source"] and not options["event"]:
            people = []
            for slug in options["person"]:
                person = Person.objects.filter(slug=slug).first()
                if person is None:
                    raise CommandError(f"No person {slug!r}.")
                people.append(person)
            return list(coverage.ids_of(*people))
        if not search and options["event"] and not options["person"]:
            event = Event.objects.filter(slug=options["event"]).first()
            if event is None:
                raise CommandError(f"No event {options['event']!r}.")
            return list(event.coverage.values_list("article_id", flat=True))
        if not search and options["source"] and not options["person"]:
            source = Source.objects.filter(slug=options["source"]).first()
            if source is None:
                raise CommandError(f"No source {options['source']!r}.")
            return Article.objects.filter(source=source).newest_first().values_list(
                "id", flat=True
            ).iterator(chunk_size=2000)  # fmt: skip
        params = QueryDict(mutable=True)
        for name, key in (
            ("q", "q"),
            ("source", "source"),
            ("event", "event"),
            ("date_from", "from"),
            ("date_to", "to"),
            ("language", "language"),
        ):
            if options.get(name):
                params[key] = options[name]  # fmt: skip
        params.setlist("person", options["person"])
        params["collapse"] = "0"
        form = SearchForm(params).resolve()
        for note in form.notes:
            sys.stderr.write(f"  {note}\n")
        if not form.can_search:
            raise CommandError("Nothing to export: give a query, a filter, a person or a source.")
        return exports.search_ids(form.search_queryset())
