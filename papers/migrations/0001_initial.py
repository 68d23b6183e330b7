"""Print jobs move here from posts: the table is taken over as it is (its state from posts'
0006), then renamed to papers_printjob."""

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('members', '0003_tree_levels_role_events_password_state'),
        ('posts', '0005_notice_policy_to_policy'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='PrintJob',
                    fields=[
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False, verbose_name='job number')),
                        ('kind', models.CharField(max_length=16, verbose_name='papers')),
                        ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                        ('base_url', models.CharField(max_length=200, verbose_name='address printed links start with')),
                        ('title', models.CharField(max_length=200, verbose_name='title')),
                        ('status', models.CharField(choices=[('queued', 'waiting for the background worker'), ('running', 'being made'), ('done', 'ready to download'), ('failed', 'failed')], default='queued', max_length=8, verbose_name='status')),
                        ('progress', models.PositiveSmallIntegerField(default=0, verbose_name='progress (%)')),
                        ('failure', models.CharField(blank=True, choices=[('error', 'The PDF could not be made. Please try again; if it fails again, tell the system administrator.'), ('lost', 'Making the PDF stopped part-way (the background worker stopped). Please try again.'), ('not_started', 'The PDF was not started: the background worker is not running. Please tell the system administrator.'), ('nothing', 'Nothing is left to print: the papers changed after the PDF was asked for.')], max_length=16, verbose_name='why it failed')),
                        ('pdf', models.FileField(blank=True, upload_to='print_jobs/', verbose_name='PDF')),
                        ('task_id', models.CharField(blank=True, max_length=64, verbose_name='task number')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                        ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last heard from the worker')),
                        ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                        ('branch', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='members.organisation', verbose_name='branch')),
                        ('started_by', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
                    ],
                    options={
                        'db_table': 'posts_printjob',
                        'verbose_name': 'print job',
                        'verbose_name_plural': 'print jobs',
                        'indexes': [models.Index(fields=['created_at'], name='posts_printjob_created_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('progress__lte', 100)), name='posts_printjob_progress_percent'), models.CheckConstraint(condition=models.Q(models.Q(('status', 'done'), _negated=True), models.Q(('pdf', ''), _negated=True), _connector='OR'), name='posts_printjob_done_has_pdf'), models.CheckConstraint(condition=models.Q(models.Q(('failure__gt', ''), ('status', 'failed')), models.Q(('failure', ''), models.Q(('status', 'failed'), _negated=True)), _connector='OR'), name='posts_printjob_failed_says_why')],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name='printjob', table=None),
    ]
