"""Offices people held, with their dates: what the person page shows as a timeline, what a
person's role line says, and what the tagger resolves "the South Korean president" or
"China's foreign minister" with on an article's date (archive.tagging.offices)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from archive import periods
from archive.countries import country_name, country_problem

# Offices a state has one holder of at a time (acting holders aside).
ONE_HOLDER = ("supreme_leader", "head_of_state", "head_of_government", "foreign_minister",
              "defence_minister", "vice_president", "national_security_adviser")  # fmt: skip
# The offices whose holder a bare surname in the news may stand for ("Moon said", "Mr Abe").
LEADING = ("supreme_leader", "head_of_state", "head_of_government", "foreign_minister")
# The offices that make their holder one of the archive's leaders.
LEADER_OFFICES = ("supreme_leader", "head_of_state", "head_of_government", "party_leader")
# Organisations an office may belong to instead of a state.
ORGS = {
    "UN": "United Nations", "NATO": "NATO", "EU": "European Union", "IAEA": "IAEA",
    "ASEAN": "ASEAN", "AU": "African Union", "GCC": "Gulf Cooperation Council",
    "ARAB_LEAGUE": "Arab League", "OSCE": "OSCE", "WTO": "WTO", "IMF": "IMF",
    "WORLD_BANK": "World Bank", "WHO": "WHO", "SCO": "SCO", "OPEC": "OPEC", "ICC": "ICC",
}  # fmt: skip


class OfficeHoldingQuerySet(models.QuerySet):
    def on(self, day):
        """Holdings that include ``day`` (a start or end known only to its month or year
        counts from its first day to its last)."""
        return self.filter(start__lte=day).filter(Q(end__isnull=True) | Q(end_until__gte=day))

    def overlapping(self, first, last):
        """Holdings whose dates overlap [first, last]."""
        return self.filter(start__lte=last).filter(Q(end__isnull=True) | Q(end_until__gte=first))


class OfficeHolding(models.Model):
    class Kind(models.TextChoices):
        SUPREME_LEADER = "supreme_leader", "Supreme leader"
        HEAD_OF_STATE = "head_of_state", "Head of state"
        HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
        PARTY_LEADER = "party_leader", "Leader of the ruling party"
        VICE_PRESIDENT = "vice_president", "Vice president"
        DEPUTY_HEAD_OF_GOVERNMENT = "deputy_head_of_government", "Deputy head of government"
        FOREIGN_MINISTER = "foreign_minister", "Foreign minister"
        DEFENCE_MINISTER = "defence_minister", "Defence minister"
        NATIONAL_SECURITY_ADVISER = "national_security_adviser", "National security adviser"
        MINISTER = "minister", "Minister"
        ENVOY = "envoy", "Envoy"
        AMBASSADOR = "ambassador", "Ambassador"
        ORG_HEAD = "org_head", "Head of an international organisation"
        ORG_OFFICIAL = "org_official", "Official of an international organisation"
        SPEAKER = "speaker", "Speaker of a legislature"
        OTHER = "other", "Other office"

    class Precision(models.TextChoices):
        DAY = "day", "Day"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    person = models.ForeignKey("archive.Person", on_delete=models.CASCADE, related_name="offices")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200, help_text="As the press names it.")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166 code of the state.")
    org = models.CharField(
        max_length=20,
        blank=True,
        choices=list(ORGS.items()),
        help_text="Instead of a country: the organisation.",
    )
    to = models.CharField(max_length=20, blank=True, help_text="An envoy's or ambassador's post.")
    start = models.DateField()
    start_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    end = models.DateField(null=True, blank=True, help_text="Empty: still held.")
    end_precision = models.CharField(max_length=5, choices=Precision.choices, default="day")
    # The last day the end date can mean (its month's or year's last day): "on a day" asks it.
    end_until = models.DateField(null=True, blank=True, editable=False)
    acting = models.BooleanField(default=False)
    reference_key = models.CharField(max_length=200, blank=True, editable=False)
    reference = models.JSONField(null=True, blank=True, editable=False)

    objects = OfficeHoldingQuerySet.as_manager()

    class Meta:
        ordering = ["person", "start"]
        indexes = [models.Index(fields=["kind", "country", "start"], name="office_kind_idx")]

    def __str__(self):
        return f"{self.title} ({self.span_display})"

    def save(self, *args, **kwargs):
        self.end_until = periods.period(self.end, self.end_precision)[1] if self.end else None
        super().save(*args, **kwargs)

    @property
    def where(self):
        return ORGS.get(self.org, self.org) if self.org else country_name(self.country)

    @property
    def span_display(self):
        start = _date_text(self.start, self.start_precision)
        end = _date_text(self.end, self.end_precision) if self.end else "now"
        return f"{start} to {end}"

    def clean(self):
        problems = {}
        self.country = (self.country or "").strip().upper()
        if country_problem(self.country):
            problems["country"] = country_problem(self.country)
        if self.country and self.org:
            problems["org"] = "An office belongs to a country or to an organisation, not both."
        if self.end and self.start and periods.period(self.end, self.end_precision)[1] < self.start:
            problems["end"] = "The office ends before it starts."
        if problems:
            raise ValidationError(problems)
        clash = self.overlapping_holder()
        if clash:
            raise ValidationError(
                f"{clash.person} held {clash.title} from {clash.span_display}: the office has "
                "one holder at a time (mark one of the two acting if it was so)."
            )

    def overlapping_holder(self):
        """Another person's non-acting holding of the same one-holder office of the same
        country at the same time, or None."""
        if self.kind not in ONE_HOLDER or not self.country or self.acting or not self.start:
            return None
        # Sharing a first or a last day is a handover, not an overlap; an end known only to
        # its month or year may be its first day: only what surely overlaps counts.
        last = self.end or datetime.date.max
        return (
            OfficeHolding.objects.filter(kind=self.kind, country=self.country, acting=False)
            .exclude(person_id=self.person_id)
            .exclude(pk=self.pk)
            .filter(start__lt=last)
            .filter(
                Q(end__isnull=True) | Q(end__gt=periods.period(self.start, self.start_precision)[1])
            )
            .select_related("person")
            .first()
        )


def _date_text(day, precision):
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return day.strftime("%B %Y")
    return f"{day.day} {day.strftime('%B %Y')}"
