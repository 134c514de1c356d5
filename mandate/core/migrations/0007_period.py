from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0006_job_run'),
    ]

    operations = [
        migrations.CreateModel(
            name='Period',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('month', 'month'), ('quarter', 'quarter'), ('half', 'half year'), ('year', 'year'), ('cumulative', 'cumulative'), ('range', 'date range')], max_length=10, verbose_name='kind')),
                ('basis', models.CharField(choices=[('calendar', 'calendar months'), ('decree09', 'Decree 09/2019/NĐ-CP data cut-offs')], default='calendar', max_length=10, verbose_name='basis')),
                ('year', models.PositiveSmallIntegerField(verbose_name='year')),
                ('number', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='number')),
                ('starts_on', models.DateField(verbose_name='starts on')),
                ('ends_on', models.DateField(verbose_name='ends on')),
                ('as_of', models.DateField(blank=True, null=True, verbose_name='as of')),
                ('code', models.CharField(max_length=32, unique=True, verbose_name='code')),
            ],
            options={
                'verbose_name': 'period',
                'verbose_name_plural': 'periods',
                'ordering': ['starts_on', 'ends_on', 'kind', 'basis'],
                'constraints': [
                    models.UniqueConstraint(fields=('kind', 'basis', 'starts_on', 'ends_on'), name='period_one_per_span'),
                    models.CheckConstraint(condition=models.Q(('starts_on__lte', models.F('ends_on'))), name='period_starts_before_end'),
                    models.CheckConstraint(condition=models.Q(('kind__in', ['month', 'quarter', 'half', 'year', 'cumulative', 'range'])), name='period_kind_valid'),
                    models.CheckConstraint(condition=models.Q(('basis__in', ['calendar', 'decree09'])), name='period_basis_valid'),
                ],
            },
        ),
    ]
