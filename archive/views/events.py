"""The curated events: the list (filterable), an event's page (who, where, when, the
articles by relation and by the outlets' kind and control, a timeline of coverage), a
person's travels and meetings and a pair's meetings. Suggested events are never shown:
only what a curator made an Event."""

import datetime

from django import forms
from django.db.models import Case, Count, OuterRef, Prefetch, Subquery, When
from django.shortcuts import get_object_or_404, render

from archive.countries import country_name, country_problem
from archive.models import Event, EventArticle, EventParticipant, Person
from archive.models.sources import Source
from archive.views.paging import page_of

RELATION_ORDER = ["announces", "reports", "analyses", "mentions"]


class EventFilterForm(forms.Form):
    person = forms.SlugField(required=False, max_length=80)
    country = forms.CharField(required=False, max_length=2)
    kind = forms.ChoiceField(required=False, choices=[("", "Any kind"), *Event.Kind.choices])
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *Event.Status.choices])
    year = forms.IntegerField(required=False, min_value=1900, max_value=2200)

    def clean_country(self):
        code = (self.cleaned_data.get("country") or "").strip().upper()
        if code and country_problem(code):
            raise forms.ValidationError(f"{code!r} is not a country code.")
        return code


ROLE_ORDER = Case(
    *(
        When(role=role, then=n)
        for n, role in enumerate(["host", "guest", "delegation", "attendee"])
    ),
    default=9,
)


def with_people():
    """The participants, hosts first, then guests, delegations and attendees."""
    return Prefetch(
        "participants",
        queryset=EventParticipant.objects.select_related("person").order_by(ROLE_ORDER, "pk"),
    )


def event_index(request):
    form = EventFilterForm(request.GET or None)
    events = Event.objects.annotate(article_total=Count("coverage", distinct=True))
    chosen = {}
    if form.is_bound:
        form.is_valid()  # a bad filter is left out and said so; the good ones apply
        data = {k: v for k, v in getattr(form, "cleaned_data", {}).items() if v}
        if data.get("person"):
            person = Person.objects.filter(slug=data["person"]).first()
            if person is None:
                form.add_error("person", f"No person with the address {data['person']!r}.")
            else:
                events = events.filter(participants__person=person)
                chosen["person"] = person
        if data.get("country"):
            events = events.filter(country=data["country"])
        if data.get("kind"):
            events = events.filter(kind=data["kind"])
        if data.get("status"):
            events = events.filter(status=data["status"])
        if data.get("year"):
            year = data["year"]
            events = events.filter(
                first_day__lte=datetime.date(year, 12, 31), last_day__gte=datetime.date(year, 1, 1)
            )
    events = events.prefetch_related(with_people()).newest_first()
    countries = sorted(
        ((c, country_name(c)) for c in Event.objects.exclude(country="").values_list(
            "country", flat=True).distinct()),
        key=lambda c: c[1],
    )  # fmt: skip
    ctx = {
        "form": form,
        "page": page_of(request, events, per_page=30),
        "countries": countries,
        "kinds": Event.Kind.choices,
        "statuses": Event.Status.choices,
        "chosen": chosen,
        "people": Person.objects.filter(event_roles__isnull=False).distinct().order_by("name"),
    }
    return render(request, "archive/events.html", ctx)


def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.select_related("parent").prefetch_related(with_people()), slug=slug
    )
    links = list(
        EventArticle.objects.filter(event=event)
        .select_related("article__source")
        .order_by("article__published", "article_id")
    )
    by_relation = []
    labels = dict(EventArticle.Relation.choices)
    for relation in RELATION_ORDER:
        rows = [link for link in links if link.relation == relation]
        if rows:
            by_relation.append({"relation": relation, "label": labels[relation], "links": rows})
    # State media beside independent wires and newspapers: the coverage by who controls the
    # outlet, then by its kind.
    controls = dict(Source.Control.choices)
    kinds = dict(Source.Kind.choices)
    by_control = {}
    for link in links:
        source = link.article.source
        control = source.control if source else "unknown"
        kind = source.kind if source else "unknown"
        group = by_control.setdefault(control, {"label": controls.get(control, control),
                                                "value": control, "kinds": {}})  # fmt: skip
        group["kinds"].setdefault(kind, {"label": kinds.get(kind, kind), "links": []})
        group["kinds"][kind]["links"].append(link)
    control_order = ["state", "public", "independent", "unknown"]
    by_control = sorted(
        by_control.values(),
        key=lambda g: control_order.index(g["value"]) if g["value"] in control_order else 9,
    )
    for group in by_control:
        group["kinds"] = sorted(group["kinds"].values(), key=lambda k: k["label"])
    participants = list(event.participants.all())
    people = [p.person for p in participants]
    ctx = {
        "event": event,
        "participants": participants,
        "pairs": [(a, b) for i, a in enumerate(people) for b in people[i + 1 :]][:10],
        "children": list(event.children.all().order_by("first_day")),
        "by_relation": by_relation,
        "by_control": by_control,
        "article_total": len(links),
        "coverage_chart": coverage_timeline(event, [link.article for link in links]),
    }
    return render(request, "archive/event.html", ctx)


def coverage_timeline(event, articles, width=640, height=80, margin=7):
    """Articles per day from ``margin`` days before the event to ``margin`` days after, as
    bars; the event's own days marked. None when no article is dated to the day."""
    first = event.first_day - datetime.timedelta(days=margin)
    last = event.last_day + datetime.timedelta(days=margin)
    days = (last - first).days + 1
    if days > 120:
        return None  # an event known only to its year: a day-by-day chart says nothing
    counts = {}
    undated = 0
    for article in articles:
        if (
            article.published
            and article.date_precision == "day"
            and first <= article.published <= last
        ):
            counts[article.published] = counts.get(article.published, 0) + 1
        else:
            undated += 1
    if not counts:
        return None
    top = max(counts.values())
    step = width / days
    bars = []
    for offset in range(days):
        day = first + datetime.timedelta(days=offset)
        n = counts.get(day, 0)
        bar_height = round((height - 20) * n / top, 1) if n else 0
        bars.append({
            "x": round(offset * step, 1), "width": max(1.0, round(step - 1, 1)),
            "y": round(height - 16 - bar_height, 1), "height": bar_height, "day": day, "n": n,
            "during": event.first_day <= day <= event.last_day,
        })  # fmt: skip
    ticks = [b for b in bars if b["day"].day in (1, 8, 15, 22)]
    return {"bars": bars, "width": width, "height": height, "ticks": ticks, "top": top,
            "rows": [b for b in bars if b["n"]], "outside": undated}  # fmt: skip


# A person's travels and meetings; a pair's meetings ----------------------------------------


def person_events(person):
    """The events the person took part in, oldest first, each with the person's role."""
    return list(
        Event.objects.filter(participants__person=person)
        .annotate(role=_role_of(person))
        .order_by("first_day", "pk")
        .prefetch_related(with_people())
    )


def _role_of(person):
    return Subquery(
        EventParticipant.objects.filter(event=OuterRef("pk"), person=person)
        .order_by()
        .values("role")[:1]
    )


def travels(person):
    """{"events", "trips": [(country name, count)], "chart"} for the person page."""
    events = person_events(person)
    home = person.country
    abroad = {}
    for event in events:
        if event.country and home and event.country != home and event.kind != "phone_call":
            name = country_name(event.country)
            abroad[name] = abroad.get(name, 0) + 1
    trips = sorted(abroad.items(), key=lambda item: (-item[1], item[0]))
    return {"events": events, "trips": trips, "chart": events_chart(events)}


def events_chart(events, width=640):
    """The events on one time axis (a mark each, its length its dates), with year ticks."""
    dated = [e for e in events if e.first_day]
    if not dated:
        return None
    first = datetime.date(min(e.first_day for e in dated).year, 1, 1)
    last = datetime.date(max(e.last_day for e in dated).year, 12, 31)
    span = max(1, (last - first).days)
    marks = []
    for event in dated:
        x = round(width * (event.first_day - first).days / span, 1)
        length = (event.last_day - event.first_day).days + 1
        marks.append({"event": event, "x": x, "width": max(4.0, round(width * length / span, 1))})
    years = list(range(first.year, last.year + 1))
    step = max(1, len(years) // 8)
    ticks = [
        {"x": round(width * (datetime.date(y, 1, 1) - first).days / span, 1), "year": y}
        for y in years[::step]
    ]
    ticks = [t for t in ticks if t["x"] <= width - 32]
    return {"marks": marks, "ticks": ticks, "width": width}


def meetings(person, partner):
    """The events both took part in, oldest first, with the gaps between them and when
    they last met (of the events held)."""
    events = list(
        Event.objects.filter(participants__person=person)
        .filter(participants__person=partner)
        .order_by("first_day", "pk")
        .prefetch_related(with_people())
    )
    rows, previous = [], None
    for event in events:
        gap = (event.first_day - previous.last_day).days if previous else None
        rows.append({"event": event, "gap": gap, "gap_display": _gap_text(gap)})
        previous = event
    held = [e for e in events if e.status == Event.Status.HELD]
    return {
        "rows": rows,
        "last_met": held[-1] if held else None,
        "next": next((e for e in events if e.status == Event.Status.ANNOUNCED), None),
        "chart": events_chart(events),
    }


def _gap_text(days):
    if days is None:
        return "—"
    if days >= 365:
        return f"{days:,} ({days / 365.25:.1f} years)"
    return f"{days:,}"
