import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    # Apart from 0003, whose data step must commit before PostgreSQL alters the table.
    dependencies = [
        ("assessments", "0003_log_states"),
        ("members", "0003_tree_levels_role_events_password_state"),
    ]

    operations = [
        migrations.AlterField(
            model_name="dutylogentry",
            name="branch",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="log_entries",
                to="members.organisation",
                verbose_name="branch",
            ),
        ),
        migrations.AlterField(
            model_name="dutylogentry",
            name="member",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="log_entries",
                to="members.member",
                verbose_name="member",
            ),
        ),
    ]
