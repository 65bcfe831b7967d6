import logging

from django.core.management.base import BaseCommand

from archive.jobs import Worker


class Command(BaseCommand):
    help = (
        "Run the archive's background worker: it applies the search-index queue and runs the "
        "jobs (re-tagging after a name changes, index rebuilds...), one chunk at a time. "
        "Stop it with SIGTERM or Ctrl-C: it finishes the current chunk first, and a job it "
        "leaves is resumed where it stopped. `bin/run` starts it beside the web server."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once",
            action="store_true",
            help="Work until there is nothing left to do, then exit (cron, tests).",
        )
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Run jobs only; leave the index queue to another process.",
        )

    def handle(self, *args, once, no_index, **options):
        if options["verbosity"] > 1:
            logging.getLogger("archive").setLevel(logging.DEBUG)
        worker = Worker(drain=not no_index)
        worker.install_signal_handlers()
        self.stdout.write(f"Worker {worker.name} started" + (" (until idle)" if once else ""))
        worker.loop(once=once)
        self.stdout.write(f"Worker {worker.name} stopped")
