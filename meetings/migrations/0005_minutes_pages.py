import django.db.models.deletion
from django.db import migrations, models

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0005_legistar_upsert_keys'),
        ('meetings', '0004_legistar_upsert_keys'),
    ]

    operations = [
        migrations.CreateModel(
            name='MinutesDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('minutes', 'Minutes'), ('agenda', 'Agenda'), ('transcript', 'Transcript')], default='minutes', max_length=20)),
                ('title', models.CharField(blank=True, default='', max_length=255)),
                ('source', models.CharField(max_length=1000)),
                ('source_url', models.URLField(blank=True, default='', max_length=1000)),
                ('sha256', models.CharField(blank=True, default='', max_length=64)),
                ('page_count', models.PositiveIntegerField(default=0)),
                ('status', models.CharField(choices=[('pending', 'Waiting to be read'), ('ingested', 'Searchable'), ('scanned', 'Scanned image, no text layer'), ('failed', 'Could not be read')], default='pending', max_length=20)),
                ('error', models.TextField(blank=True, default='')),
                ('ingested_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='minutes_documents', to='cities.city')),
                ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='minutes_documents', to='meetings.meeting')),
            ],
        ),
        migrations.AddIndex(
            model_name='minutesdocument',
            index=models.Index(fields=['meeting'], name='minutes_document_meeting_idx'),
        ),
        migrations.AddConstraint(
            model_name='minutesdocument',
            constraint=models.UniqueConstraint(fields=('city', 'source'), name='minutes_document_unique_source'),
        ),
        migrations.SeparateDatabaseAndState(
            database_operations=[run_sql_file(__file__, "0005_meeting_pages")],
            state_operations=[
                migrations.CreateModel(
                    name='MeetingPage',
                    fields=[
                        ('id', models.BigAutoField(primary_key=True, serialize=False)),
                        ('meeting_date', models.DateField()),
                        ('page_number', models.PositiveIntegerField()),
                        ('meeting_type', models.CharField(max_length=100)),
                        ('document_kind', models.CharField(max_length=20)),
                        ('content', models.TextField()),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cities.city')),
                        ('meeting', models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='meetings.meeting')),
                        ('document', models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='pages', to='meetings.minutesdocument')),
                    ],
                    options={
                        'db_table': 'meetings_meetingpage',
                        'ordering': ['-meeting_date', '-id'],
                    },
                ),
            ],
        ),
    ]
