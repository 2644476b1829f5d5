import django.db.models.deletion
from django.db import migrations, models

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0006_bodies_memberships'),
        ('meetings', '0005_minutes_pages'),
    ]

    operations = [
        migrations.CreateModel(
            name='Attendance',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('value', models.CharField(choices=[('Present', 'Present'), ('Absent', 'Absent'), ('Excused', 'Excused'), ('Unknown', 'Unknown')], max_length=20)),
                ('raw_value', models.CharField(blank=True, default='', help_text='As the source wrote it.', max_length=50)),
                ('raw_member_name', models.CharField(blank=True, default='', max_length=100)),
                ('meeting_date', models.DateField(help_text='Copied from the meeting: attendance is counted per year by it.')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name_plural': 'attendance',
                'ordering': ['meeting', 'member'],
            },
        ),
        migrations.CreateModel(
            name='Matter',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file_number', models.CharField(blank=True, default='', max_length=50)),
                ('file_key', models.CharField(blank=True, default='', editable=False, max_length=60)),
                ('number_key', models.CharField(blank=True, default='', editable=False, max_length=60)),
                ('name', models.CharField(blank=True, default='', help_text='The short name, if it has one.', max_length=300)),
                ('title', models.TextField()),
                ('matter_type', models.CharField(blank=True, default='', max_length=100)),
                ('status', models.CharField(blank=True, default='', max_length=100)),
                ('intro_date', models.DateField(blank=True, null=True)),
                ('agenda_date', models.DateField(blank=True, null=True)),
                ('passed_date', models.DateField(blank=True, null=True)),
                ('enactment_date', models.DateField(blank=True, null=True)),
                ('enactment_number', models.CharField(blank=True, default='', max_length=100)),
                ('version', models.CharField(blank=True, default='', max_length=20)),
                ('body_name', models.CharField(blank=True, default='', max_length=200)),
                ('summary', models.TextField(blank=True, default='')),
                ('last_action_date', models.DateField()),
                ('legistar_matter_id', models.IntegerField(blank=True, null=True)),
                ('source_modified_at', models.DateTimeField(blank=True, null=True)),
                ('removed_upstream_at', models.DateTimeField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['-last_action_date', '-id'],
            },
        ),
        migrations.CreateModel(
            name='MatterAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action_date', models.DateField(blank=True, null=True)),
                ('action_name', models.CharField(blank=True, default='', max_length=200)),
                ('action_text', models.TextField(blank=True, default='')),
                ('body_name', models.CharField(blank=True, default='', max_length=200)),
                ('passed', models.BooleanField(blank=True, null=True)),
                ('tally', models.CharField(blank=True, default='', max_length=20)),
                ('mover_name', models.CharField(blank=True, default='', max_length=100)),
                ('seconder_name', models.CharField(blank=True, default='', max_length=100)),
                ('version', models.CharField(blank=True, default='', max_length=20)),
                ('legistar_history_id', models.IntegerField(blank=True, null=True)),
                ('legistar_event_id', models.IntegerField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['matter', 'action_date', 'id'],
            },
        ),
        migrations.CreateModel(
            name='MatterAttachment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=300)),
                ('url', models.URLField(max_length=1000)),
                ('sort', models.IntegerField(default=0)),
                ('matter_version', models.CharField(blank=True, default='', max_length=20)),
                ('legistar_attachment_id', models.IntegerField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['matter', 'sort', 'id'],
            },
        ),
        migrations.CreateModel(
            name='MatterSponsor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='As the source names the sponsor.', max_length=200)),
                ('sequence', models.PositiveSmallIntegerField(default=0)),
                ('is_primary', models.BooleanField(default=False)),
                ('matter_version', models.CharField(blank=True, default='', max_length=20)),
                ('legistar_sponsor_id', models.IntegerField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['matter', 'sequence', 'id'],
            },
        ),
        migrations.CreateModel(
            name='MatterText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.CharField(blank=True, default='', max_length=20)),
                ('text', models.TextField()),
                ('legistar_text_id', models.IntegerField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['matter', '-id'],
            },
        ),
        migrations.AddField(
            model_name='agendaitem',
            name='kind',
            field=models.CharField(choices=[('matter', 'Item of business'), ('procedural', 'Procedural'), ('heading', 'Section heading')], default='matter', max_length=20),
        ),
        migrations.AddField(
            model_name='meeting',
            name='body',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='meetings', to='cities.body'),
        ),
        migrations.AddIndex(
            model_name='meeting',
            index=models.Index(fields=['body', '-meeting_date', '-id'], name='meeting_body_date_idx'),
        ),
        migrations.AddField(
            model_name='attendance',
            name='city',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cities.city'),
        ),
        migrations.AddField(
            model_name='attendance',
            name='meeting',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance', to='meetings.meeting'),
        ),
        migrations.AddField(
            model_name='attendance',
            name='member',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attendance', to='cities.councilmember'),
        ),
        migrations.AddField(
            model_name='matter',
            name='body',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='matters', to='cities.body'),
        ),
        migrations.AddField(
            model_name='matter',
            name='city',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='matters', to='cities.city'),
        ),
        migrations.AddField(
            model_name='agendaitem',
            name='matter',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='appearances', to='meetings.matter'),
        ),
        migrations.AddField(
            model_name='matteraction',
            name='agenda_item',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='meetings.agendaitem'),
        ),
        migrations.AddField(
            model_name='matteraction',
            name='body',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='cities.body'),
        ),
        migrations.AddField(
            model_name='matteraction',
            name='city',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cities.city'),
        ),
        migrations.AddField(
            model_name='matteraction',
            name='matter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='meetings.matter'),
        ),
        migrations.AddField(
            model_name='matteraction',
            name='meeting',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='meetings.meeting'),
        ),
        migrations.AddField(
            model_name='matteraction',
            name='mover',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cities.councilmember'),
        ),
        migrations.AddField(
            model_name='matteraction',
            name='seconder',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='cities.councilmember'),
        ),
        migrations.AddField(
            model_name='matterattachment',
            name='city',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cities.city'),
        ),
        migrations.AddField(
            model_name='matterattachment',
            name='matter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attachments', to='meetings.matter'),
        ),
        migrations.AddField(
            model_name='mattersponsor',
            name='city',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cities.city'),
        ),
        migrations.AddField(
            model_name='mattersponsor',
            name='matter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='sponsors', to='meetings.matter'),
        ),
        migrations.AddField(
            model_name='mattersponsor',
            name='member',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='sponsorships', to='cities.councilmember'),
        ),
        migrations.AddField(
            model_name='mattertext',
            name='city',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cities.city'),
        ),
        migrations.AddField(
            model_name='mattertext',
            name='matter',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='texts', to='meetings.matter'),
        ),
        migrations.AddIndex(
            model_name='attendance',
            index=models.Index(fields=['member', 'meeting_date'], name='attendance_member_date_idx'),
        ),
        migrations.AddConstraint(
            model_name='attendance',
            constraint=models.UniqueConstraint(fields=('meeting', 'member'), name='attendance_unique_member'),
        ),
        migrations.AddIndex(
            model_name='matter',
            index=models.Index(models.F('city'), models.OrderBy(models.F('last_action_date'), descending=True), models.OrderBy(models.F('id'), descending=True), name='matter_city_last_action_idx'),
        ),
        migrations.AddIndex(
            model_name='matter',
            index=models.Index(fields=['city', 'file_key'], name='matter_city_file_key_idx'),
        ),
        migrations.AddIndex(
            model_name='matter',
            index=models.Index(fields=['city', 'number_key'], name='matter_city_number_key_idx'),
        ),
        migrations.AddIndex(
            model_name='matter',
            index=models.Index(fields=['body', 'last_action_date'], name='matter_body_last_action_idx'),
        ),
        migrations.AddConstraint(
            model_name='matter',
            constraint=models.UniqueConstraint(fields=('city', 'legistar_matter_id'), name='matter_unique_legistar_matter'),
        ),
        migrations.AddConstraint(
            model_name='matter',
            constraint=models.UniqueConstraint(condition=models.Q(('file_number', ''), _negated=True), fields=('city', 'file_number'), name='matter_unique_file_number'),
        ),
        migrations.AddConstraint(
            model_name='matter',
            constraint=models.UniqueConstraint(fields=('id', 'city'), name='matter_id_city_key'),
        ),
        migrations.AddIndex(
            model_name='matteraction',
            index=models.Index(fields=['matter', 'action_date', 'id'], name='action_matter_date_idx'),
        ),
        migrations.AddIndex(
            model_name='matteraction',
            index=models.Index(condition=models.Q(('meeting__isnull', True)), fields=['city', 'legistar_event_id'], name='action_unlinked_event_idx'),
        ),
        migrations.AddConstraint(
            model_name='matteraction',
            constraint=models.UniqueConstraint(fields=('city', 'legistar_history_id'), name='action_unique_legistar_history'),
        ),
        migrations.AddConstraint(
            model_name='matterattachment',
            constraint=models.UniqueConstraint(fields=('city', 'legistar_attachment_id'), name='matter_attachment_unique_legistar_attachment'),
        ),
        migrations.AddIndex(
            model_name='mattersponsor',
            index=models.Index(fields=['matter', 'sequence'], name='sponsor_matter_seq_idx'),
        ),
        migrations.AddIndex(
            model_name='mattersponsor',
            index=models.Index(fields=['member', 'matter'], name='sponsor_member_matter_idx'),
        ),
        migrations.AddConstraint(
            model_name='mattersponsor',
            constraint=models.UniqueConstraint(fields=('city', 'legistar_sponsor_id'), name='sponsor_unique_legistar_sponsor'),
        ),
        migrations.AddConstraint(
            model_name='mattertext',
            constraint=models.UniqueConstraint(fields=('matter', 'version'), name='matter_text_unique_version'),
        ),
        run_sql_file(__file__, "0006_legislation_city_fks"),
    ]
