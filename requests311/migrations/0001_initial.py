import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cities', '0005_legistar_upsert_keys'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Service',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('service_code', models.CharField(max_length=64)),
                ('service_name', models.CharField(max_length=200)),
                ('description', models.TextField(blank=True, default='')),
                ('group', models.CharField(blank=True, default='', max_length=100)),
                ('keywords', models.CharField(blank=True, default='', max_length=500)),
                ('type', models.CharField(choices=[('realtime', 'Realtime'), ('batch', 'Batch'), ('blackbox', 'Blackbox')], default='realtime', max_length=10)),
                ('attributes', models.JSONField(blank=True, default=list)),
                ('active', models.BooleanField(default=True)),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='services311', to='cities.city')),
            ],
            options={
                'ordering': ['group', 'service_name'],
            },
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[run_sql_file(__file__, "0001_service_requests")],
            state_operations=[
                migrations.CreateModel(
                    name='ServiceRequest',
                    fields=[
                        ('id', models.BigAutoField(primary_key=True, serialize=False)),
                        ('external_id', models.CharField(blank=True, default='', max_length=100)),
                        ('source', models.CharField(default='open311', max_length=20)),
                        ('description', models.TextField(blank=True, default='')),
                        ('status', models.CharField(choices=[('open', 'Open'), ('in_progress', 'In progress'), ('closed', 'Closed')], default='open', max_length=20)),
                        ('status_notes', models.TextField(blank=True, default='')),
                        ('priority', models.PositiveSmallIntegerField(default=3)),
                        ('agency_responsible', models.CharField(blank=True, default='', max_length=200)),
                        ('service_notice', models.CharField(blank=True, default='', max_length=500)),
                        ('requested_at', models.DateTimeField()),
                        ('updated_at', models.DateTimeField()),
                        ('expected_at', models.DateTimeField(blank=True, null=True)),
                        ('closed_at', models.DateTimeField(blank=True, null=True)),
                        ('address', models.CharField(blank=True, default='', max_length=300)),
                        ('address_id', models.CharField(blank=True, default='', max_length=100)),
                        ('zipcode', models.CharField(blank=True, default='', max_length=20)),
                        ('lat', models.FloatField(blank=True, null=True)),
                        ('long', models.FloatField(blank=True, null=True)),
                        ('media_url', models.URLField(blank=True, default='', max_length=1000)),
                        ('attributes', models.JSONField(blank=True, default=dict)),
                        ('reporter_name', models.CharField(blank=True, default='', max_length=200)),
                        ('reporter_email', models.EmailField(blank=True, default='', max_length=254)),
                        ('reporter_phone', models.CharField(blank=True, default='', max_length=40)),
                        ('deleted_at', models.DateTimeField(blank=True, null=True)),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cities.city')),
                        ('service', models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='requests', to='requests311.service')),
                    ],
                    options={
                        'db_table': 'requests311_servicerequest',
                        'ordering': ['-requested_at', '-id'],
                    },
                ),
            ],
        ),
        migrations.CreateModel(
            name='StatusChange',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('changed_at', models.DateTimeField()),
                ('from_status', models.CharField(blank=True, default='', max_length=20)),
                ('to_status', models.CharField(max_length=20)),
                ('note', models.TextField(blank=True, default='')),
                ('changed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cities.city')),
                ('request', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='history', to='requests311.servicerequest')),
            ],
            options={
                'ordering': ['changed_at', 'id'],
            },
        ),
        migrations.AddConstraint(
            model_name='service',
            constraint=models.UniqueConstraint(fields=('city', 'service_code'), name='service_unique_code'),
        ),
        migrations.AddIndex(
            model_name='statuschange',
            index=models.Index(fields=['request', 'changed_at'], name='status_change_request_idx'),
        ),
        run_sql_file(__file__, "0001_status_change_fk"),
    ]
