import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from haystack import connections
from haystack.query import SearchQuerySet

from archive import indexing
from archive.database import refresh_statistics
from archive.models import Article
from archive.search.errors import IndexMissing

SEED_FIXTURE = settings.BASE_DIR / "fixtures" / "seed.json"


class Command(BaseCommand):
    help = (
        "Prepare an embedded archive after `migrate`: load the seed fixture into an empty "
        "database, create a local admin account the first time (its password is printed "
        "once), and build or update the search index. Safe to run again: nothing is "
        "duplicated and curators' edits are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the local admin account."
        )

    def handle(self, *args, no_admin, **options):
        self.ensure_secret_key()
        if Article.objects.exists():
            self.stdout.write(
                f"The archive already holds {Article.objects.count()} article(s); "
                "the seed fixture is not loaded again."
            )
        else:
            with indexing.deferred():
                call_command("loaddata", str(SEED_FIXTURE), verbosity=0)
            refresh_statistics()
            self.stdout.write(f"Loaded the seed fixture: {Article.objects.count()} article(s).")

        with indexing.deferred():
            call_command("load_reference", stdout=self.stdout)
        backend_count = self.index_count()
        if backend_count is None or (backend_count == 0 and Article.objects.exists()):
            _total, count = indexing.rebuild()
            self.stdout.write(f"Built the search index: {count} document(s).")
        elif self.index_outdated():
            self.stdout.write("The search index was built by an older version: rebuilding it.")
            _total, count = indexing.rebuild()
            self.stdout.write(f"Rebuilt the search index: {count} document(s).")
        else:
            result = indexing.drain_index_queue(blocking=True)
            self.stdout.write(
                f"Search index up to date ({backend_count} document(s); "
                f"{result.updated} updated now)."
            )

        if not no_admin:
            self.ensure_admin()

    def ensure_secret_key(self):
        """The embedded run's secret key, generated once into the data folder (production
        takes DJANGO_SECRET_KEY from the environment instead)."""
        path = settings.SECRET_KEY_FILE
        if settings.PRODUCTION or os.environ.get("DJANGO_SECRET_KEY") or path.exists():
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # O_EXCL: of two processes starting at once, one writes the key.
            handle = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            return
        with os.fdopen(handle, "w") as out:
            out.write(secrets.token_urlsafe(50))
        self.stdout.write(f"Wrote a new secret key to {path}.")

    def index_count(self):
        """Documents in the search index, None when there is no index yet."""
        backend = connections["default"].get_backend()
        try:
            if hasattr(backend, "doc_count"):
                return backend.doc_count()
            return SearchQuerySet().count()
        except IndexMissing:
            return None

    def index_outdated(self):
        backend = connections["default"].get_backend()
        return hasattr(backend, "schema_outdated") and backend.schema_outdated()

    def admin_url(self):
        # bin/run passes the port it serves on (PORT=8123 bash bin/run).
        return f"http://127.0.0.1:{os.environ.get('ARCHIVE_PORT', '8000')}/admin/"

    def ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                f"Admin: sign in at {self.admin_url()} with the account created on "
                "the first run (forgot the password? `.venv/bin/python manage.py "
                "changepassword admin`)."
            )
            return
        password = secrets.token_urlsafe(12)
        User.objects.create_superuser("admin", "", password)
        self.stdout.write(
            f"Admin: sign in at {self.admin_url()} as 'admin' with password "
            f"{password}  (shown once; change it with `.venv/bin/python manage.py "
            "changepassword admin`)."
        )
