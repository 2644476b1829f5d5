import django.db.models.deletion
from django.db import migrations, models

from cities.sqlfiles import read_sql

ROLES = {"mayor": "mayor", "vice mayor": "vice_mayor", "council member": "member", "councilmember": "member",
         "member": "member", "president": "president", "council president": "president", "chair": "chair"}


def terms_to_memberships(apps, schema_editor):
    """Every city gets its legislative body; its council terms become memberships of it."""
    City = apps.get_model("cities", "City")
    Body = apps.get_model("cities", "Body")
    Term = apps.get_model("cities", "Term")
    Membership = apps.get_model("cities", "Membership")
    for city in City.objects.all():
        body = Body.objects.create(city=city, name="City Council", kind="council", is_primary=True)
        Membership.objects.bulk_create(
            Membership(
                member_id=term.member_id, body=body, city=city, role=ROLES.get(term.position.casefold(), "other"),
                title=term.position, district=term.district, start_date=term.term_start, end_date=term.term_end,
                appointment_type=term.appointment_type, legistar_office_record_id=term.legistar_office_record_id,
            )
            for term in Term.objects.filter(city=city)
        )


def memberships_to_terms(apps, schema_editor):
    Membership = apps.get_model("cities", "Membership")
    Term = apps.get_model("cities", "Term")
    Term.objects.bulk_create(
        Term(
            member_id=m.member_id, city_id=m.city_id, position=(m.title or m.role)[:50], district=m.district,
            term_start=m.start_date, term_end=m.end_date, appointment_type=m.appointment_type,
            legistar_office_record_id=m.legistar_office_record_id,
        )
        for m in Membership.objects.filter(body__is_primary=True)
    )


class Migration(migrations.Migration):

    dependencies = [
        ('cities', '0005_legistar_upsert_keys'),
    ]

    operations = [
        migrations.CreateModel(
            name='Body',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=200)),
                ('kind', models.CharField(choices=[('council', 'Council'), ('committee', 'Committee'), ('subcommittee', 'Subcommittee'), ('caucus', 'Caucus'), ('other', 'Other')], default='committee', max_length=20)),
                ('is_primary', models.BooleanField(default=False, help_text="The city's legislative body (its council).")),
                ('active', models.BooleanField(default=True)),
                ('source_type_name', models.CharField(blank=True, default='', help_text='As the source names it.', max_length=200)),
                ('legistar_body_id', models.IntegerField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='bodies', to='cities.city')),
            ],
            options={
                'verbose_name_plural': 'bodies',
                'ordering': ['-is_primary', 'name'],
            },
        ),
        migrations.CreateModel(
            name='Membership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('member', 'Member'), ('chair', 'Chair'), ('vice_chair', 'Vice chair'), ('mayor', 'Mayor'), ('vice_mayor', 'Vice mayor'), ('president', 'President'), ('vice_president', 'Vice president'), ('speaker', 'Speaker'), ('other', 'Other role')], default='member', max_length=20)),
                ('title', models.CharField(blank=True, default='', help_text='As the source words it.', max_length=200)),
                ('district', models.PositiveSmallIntegerField(blank=True, help_text='Empty for at-large seats.', null=True)),
                ('start_date', models.DateField()),
                ('end_date', models.DateField(blank=True, help_text='The scheduled or actual end; empty if open.', null=True)),
                ('appointment_type', models.CharField(choices=[('elected', 'Elected'), ('appointed', 'Appointed'), ('interim', 'Interim')], default='elected', max_length=20)),
                ('legistar_office_record_id', models.IntegerField(blank=True, null=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('body', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='cities.body')),
                ('city', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='memberships', to='cities.city')),
                ('member', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='cities.councilmember')),
            ],
            options={
                'ordering': ['-start_date'],
            },
        ),
        migrations.AddConstraint(
            model_name='body',
            constraint=models.UniqueConstraint(fields=('city', 'legistar_body_id'), name='body_unique_legistar_body'),
        ),
        migrations.AddConstraint(
            model_name='body',
            constraint=models.UniqueConstraint(condition=models.Q(('legistar_body_id__isnull', True)), fields=('city', 'name'), name='body_unique_name_without_source'),
        ),
        migrations.AddConstraint(
            model_name='body',
            constraint=models.UniqueConstraint(condition=models.Q(('is_primary', True)), fields=('city',), name='body_one_primary_per_city'),
        ),
        migrations.AddConstraint(
            model_name='body',
            constraint=models.UniqueConstraint(fields=('id', 'city'), name='body_id_city_key'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['body', 'start_date'], name='membership_body_start_idx'),
        ),
        migrations.AddIndex(
            model_name='membership',
            index=models.Index(fields=['member', '-start_date'], name='membership_member_start_idx'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.CheckConstraint(condition=models.Q(('end_date__isnull', True), ('end_date__gte', models.F('start_date')), _connector='OR'), name='membership_ends_after_start'),
        ),
        migrations.AddConstraint(
            model_name='membership',
            constraint=models.UniqueConstraint(fields=('city', 'legistar_office_record_id'), name='membership_unique_legistar_record'),
        ),
        migrations.RunSQL(
            sql=read_sql(__file__, "0006_membership_city_fks.up.sql"),
            reverse_sql=read_sql(__file__, "0006_membership_city_fks.down.sql"),
        ),
        migrations.RunPython(terms_to_memberships, memberships_to_terms),
        migrations.DeleteModel(
            name='Term',
        ),
    ]
