"""The two editorial roles, Editor and Publisher: Django groups with the permissions that
milestones/roles.py lists (the grants live there only)."""

from django.db import migrations

from milestones.roles import create_roles, remove_roles


class Migration(migrations.Migration):
    dependencies = [
        ("milestones", "0004_publish_permissions_and_image_size"),
        ("programmes", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
