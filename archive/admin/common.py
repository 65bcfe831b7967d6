"""What the admin's parts share: read-only logs, the review queues' layout, inlines whose rows
must not repeat, and the one-at-a-time decisions with their confirmation page."""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.template.response import TemplateResponse
from django.utils.html import format_html


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CountedAdmin(admin.ModelAdmin):
    """A list of things articles belong to (people, outlets): each row's article count,
    sortable, and a link to its public page."""

    def get_queryset(self, request):
        return super().get_queryset(request).with_article_counts()

    @admin.display(description="Articles", ordering="article_count")
    def article_count(self, obj):
        return obj.article_count

    @admin.display(description="Page")
    def public_page(self, obj):
        return format_html('<a href="{}">view</a>', obj.get_absolute_url())


class UniqueInlineFormSet(BaseInlineFormSet):
    """An inline whose rows must not repeat one field (a person, an article, an event)."""

    unique_field = None
    message = ""

    def clean(self):
        super().clean()
        values = [
            f.cleaned_data.get(self.unique_field)
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        values = [v for v in values if v]
        if len(values) != len(set(values)):
            raise ValidationError(self.message)


class DecidingAdmin(admin.ModelAdmin):
    """Actions that decide about one row at a time, after a confirmation page
    (templates/admin/archive/decide.html): promote, accept, merge into..."""

    def one_at_a_time(self, request, queryset, what):
        """The one row selected, or None (said: "Promote one candidate at a time.")."""
        if queryset.count() != 1:
            self.message_user(request, f"{what} at a time.", messages.ERROR)
            return None
        return queryset.first()

    @staticmethod
    def confirmed(request):
        return request.POST.get("confirm") == "yes"

    def target(self, request, model, parameter, noun):
        """The ``model`` row the confirmation page named by its slug, or None (said)."""
        found = model.objects.filter(slug=request.POST.get(parameter, "")[:100]).first()
        if found is None:
            self.message_user(request, f"No {noun} with that address (slug).", messages.ERROR)
        return found

    def decide(self, request, do, success):
        """Run ``do()``; say ``success(result)`` (a message), or the ValidationError."""
        try:
            result = do()
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            return None
        self.message_user(request, success(result), messages.SUCCESS)
        return None

    def confirm(self, request, queryset, action, title, **extra):
        """The confirmation page: the rows, and a form (``form``) or the address of the
        row to merge into (``target_parameter``, ``target_label``, ``likely``)."""
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "items": list(queryset[:20]),
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "opts": self.model._meta,
            **extra,
        }
        return TemplateResponse(request, "admin/archive/decide.html", context)


class QueueAdmin(DecidingAdmin):
    """A review queue: the app's navigation folded away, so the sentences get the width;
    compact rows, the names marked, keys a and r (static/css and js/admin-queue)."""

    class Media:
        css = {"all": ["css/admin-queue.css"]}
        js = ["js/admin-queue.js"]

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(
            request, {**(extra_context or {}), "is_nav_sidebar_enabled": False}
        )
