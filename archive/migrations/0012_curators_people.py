"""The Curators group also keeps people's offices right and decides on the candidate people
the tagger discovers (promote, merge into a person, dismiss)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADDED = [
    "view_officeholding",
    "add_officeholding",
    "change_officeholding",
    "delete_officeholding",
    "view_candidate",
    "change_candidate",
    "view_candidatedecision",
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

    dependencies = [("archive", "0011_people_of_diplomacy")]

    operations = [migrations.RunPython(grant, revoke)]
