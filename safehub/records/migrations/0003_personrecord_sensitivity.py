"""A person record carries its own sensitivity (its agency's, or its service's)."""

from django.db import migrations, models


def from_the_agency(apps, schema_editor):
    record = apps.get_model("records", "PersonRecord")
    agency = apps.get_model("agencies", "Agency")
    for pk, sensitivity in agency.objects.values_list("pk", "record_sensitivity"):
        record.objects.filter(agency_id=pk).update(sensitivity=sensitivity)


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0002_person_protected_details"),
        ("agencies", "0003_agreements_signed_by_both"),
    ]

    operations = [
        migrations.AddField(
            model_name="personrecord",
            name="sensitivity",
            field=models.CharField(
                choices=[
                    ("general", "General"),
                    ("health", "Health"),
                    ("sexual_health", "Sexual health"),
                    ("intelligence", "Intelligence"),
                    ("restricted", "Restricted"),
                ],
                default="general",
                max_length=20,
            ),
        ),
        migrations.RunPython(from_the_agency, migrations.RunPython.noop),
    ]
