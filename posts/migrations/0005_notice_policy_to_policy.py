"""NoticePolicy becomes Policy, the rules an organisation sets (设岗定责规则): the table is
renamed, so every organisation's notice period stays as it was set; the coverage floor joins
it as a new rule, and so does the proposed length of a claim round, both empty everywhere
(the built-in 60% and 14 days until someone sets them)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def clamp_notice_days(apps, schema_editor):
    # The admin only ever accepted 1–30; the new CHECK needs every stored value to agree, so a
    # value written around the admin is brought to the nearest allowed one, not lost.
    Policy = apps.get_model("posts", "Policy")
    Policy.objects.filter(min_notice_working_days__lt=1).update(min_notice_working_days=1)
    Policy.objects.filter(min_notice_working_days__gt=30).update(min_notice_working_days=30)


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0003_tree_levels_role_events_password_state'),
        ('posts', '0004_print_job'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name='NoticePolicy', new_name='Policy'),
        migrations.AlterModelOptions(
            name='policy',
            options={'ordering': ['organisation__path'], 'verbose_name': 'post rules',
                     'verbose_name_plural': 'post rules'},
        ),
        migrations.AlterField(
            model_name='policy',
            name='organisation',
            field=models.OneToOneField(limit_choices_to={'level__in': ('county', 'township', 'branch')},
                                       on_delete=django.db.models.deletion.CASCADE, related_name='policy',
                                       to='members.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='policy',
            name='coverage_floor_percent',
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name='coverage floor (%)',
                help_text='Branches with posts set whose coverage is below this share are marked as lagging. '
                          'Empty: as the organisation above sets, or 60.',
                validators=[django.core.validators.MinValueValidator(0),
                            django.core.validators.MaxValueValidator(100)]),
        ),
        migrations.AddField(
            model_name='policy',
            name='claim_round_days',
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name='claim round length (days)',
                help_text='How many days after it opens a new claim round is proposed to close. '
                          'Empty: as the organisation above sets, or 14.',
                validators=[django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(90)]),
        ),
        migrations.RunPython(clamp_notice_days, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='policy',
            constraint=models.CheckConstraint(
                condition=models.Q(('min_notice_working_days__isnull', True),
                                   models.Q(('min_notice_working_days__gte', 1),
                                            ('min_notice_working_days__lte', 30)), _connector='OR'),
                name='posts_policy_notice_days_range'),
        ),
        migrations.AddConstraint(
            model_name='policy',
            constraint=models.CheckConstraint(
                condition=models.Q(('coverage_floor_percent__isnull', True),
                                   ('coverage_floor_percent__lte', 100), _connector='OR'),
                name='posts_policy_coverage_floor_range'),
        ),
        migrations.AddConstraint(
            model_name='policy',
            constraint=models.CheckConstraint(
                condition=models.Q(('claim_round_days__isnull', True),
                                   models.Q(('claim_round_days__gte', 1), ('claim_round_days__lte', 90)),
                                   _connector='OR'),
                name='posts_policy_claim_round_days_range'),
        ),
        migrations.CreateModel(
            name='PolicyChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changes', models.JSONField(verbose_name='changes')),
                ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                ('reason', models.CharField(max_length=300, verbose_name='reason')),
                ('by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+',
                                         to=settings.AUTH_USER_MODEL, verbose_name='by')),
                ('policy', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='changes',
                                             to='posts.policy', verbose_name='post rules')),
            ],
            options={'verbose_name': 'change of post rules', 'verbose_name_plural': 'changes of post rules',
                     'ordering': ['-at', '-pk']},
        ),
    ]
