"""A story: the copies of one wire story, the first publication and what each copy
changed."""

from django.db.models import F
from django.shortcuts import get_object_or_404, render

from archive.diffs import diff_articles
from archive.models import Story


def story_detail(request, pk):
    story = get_object_or_404(Story.objects.select_related("origin"), pk=pk)
    copies = list(
        story.articles.select_related("source").order_by(
            F("published").asc(nulls_last=True), "created", "id"
        )
    )
    first = copies[0] if copies else None
    rows = [
        {"article": article, "diff": diff_articles(first, article) if article != first else None}
        for article in copies
    ]
    outlets = {a.source_id for a in copies if a.source_id}
    ctx = {"story": story, "first": first, "rows": rows, "outlet_count": len(outlets)}
    return render(request, "archive/story.html", ctx)
