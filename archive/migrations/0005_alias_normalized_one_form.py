"""Aliases are compared in the one form archive.names gives (the tagger's folding), which
differs from the earlier normaliser only in rare letters (case-folding of "ß") and curly
apostrophes: recompute the stored forms so that both agree."""

from django.db import migrations


def recompute(apps, schema_editor):
    from archive.names import normalize_name

    Alias = apps.get_model("archive", "Alias")
    for alias in Alias.objects.all().only("id", "name", "normalized"):
        normalized = normalize_name(alias.name)
        if normalized != alias.normalized:
            Alias.objects.filter(pk=alias.pk).update(normalized=normalized)


class Migration(migrations.Migration):
    dependencies = [("archive", "0004_article_url_index")]

    operations = [migrations.RunPython(recompute, migrations.RunPython.noop)]
