from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Diplomatic News Archive"

    def ready(self):
        # Connects the signals that queue search-index updates in the same transaction.
        from archive import indexing  # noqa: F401
