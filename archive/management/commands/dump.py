import sys

from django.core.management.base import BaseCommand

from archive import dumps
from archive.models import Article


class Command(BaseCommand):
    help = (
        "Write the whole archive as JSON lines, every field of every article (text, dates "
        "and their precision, dateline, byline, language, section, source, agencies, story, "
        "every earlier version, tags with their status and the decisions on them). "
        "`import_articles FILE` restores it. Streams: memory stays bounded."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="The file to write (default: stdout).")

    def handle(self, *args, output=None, **options):
        total = Article.objects.count()
        handle = open(output, "w", encoding="utf-8") if output else self.stdout  # noqa: SIM115
        written = 0
        try:
            for line in dumps.dump_lines():
                handle.write(line)
                written += 1
                if output and written % 1000 == 0:
                    sys.stderr.write(f"\r  {written:,} of {total:,} article(s)")
        finally:
            if output:
                handle.close()
        if output:
            sys.stderr.write("\n")
            self.stdout.write(f"Wrote {written:,} article(s) to {output}.")
