"""Background jobs in the admin: what waits, what runs, what failed."""

from django.contrib import admin, messages
from django.db.models import F
from django.utils import timezone

from archive.models import (
    Job,
)


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    """Background work, for curators to see: what waits, what runs, what failed and why."""

    list_display = ["id", "kind", "status", "progress_display", "attempts", "created", "finished"]
    list_filter = ["status", "kind"]
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["retry_now"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Progress")
    def progress_display(self, obj):
        progress = obj.progress or {}
        if "total" in progress:
            return f"{progress.get('done', progress.get('indexed', 0))} / {progress['total']}"
        return "—"

    @admin.action(description="Retry the selected jobs now", permissions=["change"])
    def retry_now(self, request, queryset):
        count = queryset.exclude(status=Job.Status.RUNNING).update(
            status=Job.Status.PENDING,
            run_after=timezone.now(),
            finished=None,
            max_attempts=F("attempts") + 1,
        )
        self.message_user(request, f"{count} job(s) will run again.", messages.SUCCESS)
