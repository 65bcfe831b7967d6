from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "Diplomatic News Archive"

    def ready(self):
        from archive import jobs, request_ids

        request_ids.install()
        jobs.connect()
