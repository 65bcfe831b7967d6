"""The Curators group also keeps the events right (with their participants and coverage) and
decides on the events the archive suggests (accept, merge into an event, reject)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = [
    "view_event",
    "add_event",
    "change_event",
    "delete_event",
    "view_eventparticipant",
    "add_eventparticipant",
    "change_eventparticipant",
    "delete_eventparticipant",
    "view_eventarticle",
    "add_eventarticle",
    "change_eventarticle",
    "delete_eventarticle",
    "view_eventsuggestion",
    "change_eventsuggestion",
    "view_eventdecision",
]


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Curators")
    permissions = list(
        Permission.objects.filter(content_type__app_label="archive", codename__in=ADDED)
    )
    missing = set(ADDED) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Missing permissions for the Curators group: {sorted(missing)}")
    group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Curators").first()
    if group is not None:
        group.permissions.remove(*Permission.objects.filter(codename__in=ADDED))


class Migration(migrations.Migration):

    dependencies = [("archive", "0013_events")]

    operations = [migrations.RunPython(grant, revoke)]
