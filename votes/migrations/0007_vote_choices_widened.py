from django.db import migrations, models

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):

    dependencies = [
        ('votes', '0006_vote_value_mapping'),
    ]

    operations = [
        migrations.AddField(
            model_name='vote',
            name='excused_count',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='vote',
            name='not_voting_count',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='vote',
            name='recused_count',
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AlterField(
            model_name='membervote',
            name='vote_choice',
            field=models.CharField(choices=[('Yes', 'Yes'), ('No', 'No'), ('Abstain', 'Abstain'), ('Recused', 'Recused'), ('Absent', 'Absent'), ('Excused', 'Excused'), ('Not voting', 'Not voting'), ('Present', 'Present'), ('Unknown', 'Unknown')], max_length=20),
        ),
        migrations.AlterField(
            model_name='votevaluemapping',
            name='vote_choice',
            field=models.CharField(choices=[('Yes', 'Yes'), ('No', 'No'), ('Abstain', 'Abstain'), ('Recused', 'Recused'), ('Absent', 'Absent'), ('Excused', 'Excused'), ('Not voting', 'Not voting'), ('Present', 'Present'), ('Unknown', 'Unknown')], max_length=20),
        ),
        run_sql_file(__file__, "0007_vote_choices_widened"),
    ]
