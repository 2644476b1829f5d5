import django.db.models.deletion
from django.db import migrations, models

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    """HASH-partitioned member votes: the table is this SQL; Django's state gets the model."""

    dependencies = [("votes", "0001_initial"), ("cities", "0001_initial")]
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[run_sql_file(__file__, "0002_member_votes")],
            state_operations=[
                migrations.CreateModel(
                    name='MemberVote',
                    fields=[
                        ('id', models.BigAutoField(primary_key=True, serialize=False)),
                        ('vote_choice', models.CharField(choices=[('Yes', 'Yes'), ('No', 'No'), ('Absent', 'Absent'), ('Abstain', 'Abstain'), ('Unknown', 'Unknown')], max_length=20)),
                        ('raw_value', models.CharField(blank=True, default='', help_text='As the source wrote it.', max_length=50)),
                        ('raw_member_name', models.CharField(blank=True, default='', max_length=100)),
                        ('meeting_date', models.DateField()),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('city', models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='cities.city')),
                        ('member', models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='member_votes', to='cities.councilmember')),
                        ('vote', models.ForeignKey(on_delete=django.db.models.deletion.DO_NOTHING, related_name='member_votes', to='votes.vote')),
                    ],
                    options={
                        'db_table': 'votes_membervote',
                        'ordering': ['-meeting_date', '-id'],
                    },
                ),
            ],
        )
    ]
