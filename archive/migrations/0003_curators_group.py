"""The Curators group: exactly what curation needs (tags, people, aliases, dates and sources
of articles), nothing about users, groups or settings."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATOR_PERMISSIONS = {
    "article": ["view", "change"],
    "source": ["view", "add", "change"],
    "person": ["view", "add", "change", "merge"],
    "alias": ["view", "add", "change", "delete"],
    "mention": ["view", "add", "change"],
    "suggestedmention": ["view", "change"],
    "mentiondecision": ["view"],
    "mergelog": ["view"],
    "personredirect": ["view"],
}


def codenames():
    for model, actions in CURATOR_PERMISSIONS.items():
        for action in actions:
            yield "merge_person" if action == "merge" else f"{action}_{model}"


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="Curators")
    wanted = set(codenames())
    permissions = list(
        Permission.objects.filter(content_type__app_label="archive", codename__in=wanted)
    )
    missing = wanted - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Missing permissions for the Curators group: {sorted(missing)}")
    group.permissions.set(permissions)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Curators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_curation"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
