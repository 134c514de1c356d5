"""Rotation of sensitive positions and personnel proposals (issue 14, items 5 and 6; ADR 0055)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('evaluations', '0005_rankings'),
        ('organisations', '0002_verbose_names'),
        ('people', '0005_second_factor'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PersonnelProposal',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('kind', models.CharField(choices=[('replace', 'Replace (does not meet his tasks)'), ('move', 'Move to another position'), ('commend', 'Commend')], max_length=10, verbose_name='kind')),
                ('reason', models.TextField(verbose_name='reason')),
                ('to_title', models.CharField(blank=True, max_length=200, verbose_name='to title')),
                ('move_on', models.DateField(blank=True, null=True, verbose_name='on')),
                ('state', models.CharField(choices=[('proposed', 'Proposed'), ('approved', 'Approved'), ('rejected', 'Rejected'), ('carried_out', 'Carried out'), ('withdrawn', 'Withdrawn')], default='proposed', max_length=12, verbose_name='state')),
                ('proposed_on', models.DateField(verbose_name='proposed on')),
                ('decided_on', models.DateField(blank=True, null=True, verbose_name='decided on')),
                ('decision_note', models.TextField(blank=True, verbose_name='decision')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='decided by')),
                ('new_position', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.position', verbose_name='new position')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='person')),
                ('position', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.position', verbose_name='position held')),
                ('proposed_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='proposed by')),
                ('to_unit', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.orgunit', verbose_name='to unit')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.orgunit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'personnel proposal',
                'verbose_name_plural': 'personnel proposals',
                'ordering': ['-proposed_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ProposalGround',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=40, verbose_name='kind')),
                ('ref_id', models.BigIntegerField(blank=True, null=True, verbose_name='record')),
                ('text', models.CharField(max_length=500, verbose_name='what it says')),
                ('proposal', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='grounds', to='evaluations.personnelproposal', verbose_name='proposal')),
            ],
            options={
                'verbose_name': 'ground',
                'verbose_name_plural': 'grounds',
                'ordering': ['proposal_id', 'id'],
            },
        ),
        migrations.CreateModel(
            name='RotationPlan',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('title', models.CharField(max_length=300, verbose_name='title')),
                ('state', models.CharField(choices=[('draft', 'Draft'), ('published', 'Published')], default='draft', max_length=10, verbose_name='state')),
                ('published_on', models.DateField(blank=True, null=True, verbose_name='published on')),
                ('created_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='created by')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.orgunit', verbose_name='agency')),
            ],
            options={
                'verbose_name': 'rotation plan',
                'verbose_name_plural': 'rotation plans',
                'ordering': ['-year', 'id'],
            },
        ),
        migrations.CreateModel(
            name='RotationMove',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('to_title', models.CharField(max_length=200, verbose_name='to title')),
                ('move_on', models.DateField(verbose_name='on')),
                ('carried_out_at', models.DateTimeField(blank=True, null=True, verbose_name='carried out')),
                ('new_position', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.position', verbose_name='new position')),
                ('position', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.position', verbose_name='from position')),
                ('to_unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.orgunit', verbose_name='to unit')),
                ('plan', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='moves', to='evaluations.rotationplan', verbose_name='plan')),
            ],
            options={
                'verbose_name': 'rotation move',
                'verbose_name_plural': 'rotation moves',
                'ordering': ['plan_id', 'move_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='RotationSector',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('code', models.CharField(max_length=40, unique=True, verbose_name='code')),
                ('name', models.CharField(max_length=300, verbose_name='name')),
                ('name_en', models.CharField(blank=True, max_length=300, verbose_name='English name')),
                ('period_months', models.PositiveSmallIntegerField(verbose_name='rotation period (months)')),
                ('is_example', models.BooleanField(default=True, verbose_name='example, not the official list')),
                ('source', models.CharField(max_length=300, verbose_name='source')),
                ('note', models.TextField(blank=True, verbose_name='note')),
            ],
            options={
                'verbose_name': 'rotation sector',
                'verbose_name_plural': 'rotation sectors',
                'ordering': ['code'],
                'constraints': [models.CheckConstraint(condition=models.Q(('period_months__gte', 24), ('period_months__lte', 60)), name='rotation_sector_period_2_to_5_years')],
            },
        ),
        migrations.CreateModel(
            name='SensitivePost',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('title', models.CharField(help_text='As the positions in the unit name it.', max_length=200, verbose_name='title')),
                ('period_months', models.PositiveSmallIntegerField(verbose_name='rotation period (months)')),
                ('flagged_on', models.DateField(verbose_name='flagged on')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn')),
                ('flagged_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='flagged by')),
                ('sector', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='posts', to='evaluations.rotationsector', verbose_name='sector')),
                ('unit', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.orgunit', verbose_name='unit')),
            ],
            options={
                'verbose_name': 'sensitive post',
                'verbose_name_plural': 'sensitive posts',
                'ordering': ['unit_id', 'title', 'id'],
            },
        ),
        migrations.CreateModel(
            name='RotationDeferral',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                ('reason', models.CharField(choices=[('retirement', 'Under 18 months to retirement (not rotated)'), ('discipline_review', 'Under discipline review'), ('investigation', 'Under inspection, verification, investigation, prosecution or trial'), ('illness', 'In treatment for a serious illness'), ('training', 'In full-time training of 12 months or more, or seconded'), ('child', 'Pregnant, or raising a child under 36 months')], max_length=20, verbose_name='reason')),
                ('note', models.TextField(blank=True, verbose_name='details')),
                ('starts_on', models.DateField(verbose_name='from')),
                ('ends_on', models.DateField(help_text='For retirement: the retirement date.', verbose_name='until')),
                ('withdrawn_at', models.DateTimeField(blank=True, null=True, verbose_name='withdrawn')),
                ('person', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person', verbose_name='person')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='recorded by')),
                ('post', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='deferrals', to='evaluations.sensitivepost', verbose_name='post')),
            ],
            options={
                'verbose_name': 'rotation exemption or deferral',
                'verbose_name_plural': 'rotation exemptions and deferrals',
                'ordering': ['person_id', '-starts_on', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='personnelproposal',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['replace', 'move', 'commend'])), name='proposal_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='personnelproposal',
            constraint=models.CheckConstraint(condition=models.Q(('state__in', ['proposed', 'approved', 'rejected', 'carried_out', 'withdrawn'])), name='proposal_state_valid'),
        ),
        migrations.AddConstraint(
            model_name='sensitivepost',
            constraint=models.CheckConstraint(condition=models.Q(('period_months__gte', 24), ('period_months__lte', 60)), name='sensitive_post_period_2_to_5_years'),
        ),
        migrations.AddConstraint(
            model_name='sensitivepost',
            constraint=models.UniqueConstraint(condition=models.Q(('withdrawn_at__isnull', True)), fields=('unit', 'title'), name='sensitive_post_once'),
        ),
        migrations.AddConstraint(
            model_name='rotationdeferral',
            constraint=models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='deferral_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='rotationdeferral',
            constraint=models.CheckConstraint(condition=models.Q(('reason__in', ['retirement', 'discipline_review', 'investigation', 'illness', 'training', 'child'])), name='deferral_reason_valid'),
        ),
    ]
