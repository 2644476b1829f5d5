from django.db import migrations, models

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    """Monthly RANGE-partitioned audit log: the table is this SQL; Django's state gets the model."""

    dependencies = [("cities", "0001_initial")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[run_sql_file(__file__, "0002_audit_log")],
            state_operations=[
                migrations.CreateModel(
                    name='AuditEntry',
                    fields=[
                        ('id', models.BigAutoField(primary_key=True, serialize=False)),
                        ('changed_at', models.DateTimeField()),
                        ('user_id', models.IntegerField(blank=True, null=True)),
                        ('username', models.CharField(blank=True, default='', max_length=150)),
                        ('city_id', models.IntegerField(blank=True, null=True)),
                        ('action', models.CharField(choices=[('create', 'Created'), ('update', 'Changed'), ('delete', 'Deleted')], max_length=10)),
                        ('app_label', models.CharField(max_length=100)),
                        ('model', models.CharField(max_length=100)),
                        ('object_id', models.CharField(max_length=64)),
                        ('object_repr', models.CharField(max_length=200)),
                        ('changes', models.JSONField(default=dict)),
                    ],
                    options={
                        'verbose_name_plural': 'audit entries',
                        'db_table': 'cities_auditentry',
                        'ordering': ['-changed_at', '-id'],
                    },
                ),
            ],
        )
    ]
