"""Print jobs now belong to papers (papers 0001 takes the table over); the rows stay."""

from django.db import migrations


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="posts", model="printjob").update(app_label="papers")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("posts", "0005_notice_policy_to_policy"),
        ("papers", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="PrintJob")]),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
    ]
