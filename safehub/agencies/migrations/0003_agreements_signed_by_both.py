"""Sharing agreements belong to the two agencies that sign them (issue 8).

Agreements recorded before this could have been made by any hub manager, for any
agency's data. None of them is known to have been proposed by the agency whose data it
shares and accepted by the one that receives it, so each is kept but taken out of force
(`unconfirmed`) until the provider's hub manager confirms it. Revoked ones stay revoked.
Also: `linkage` (identity fields for link review) and services whose records are
sensitive in themselves (RecordService).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def flag_for_the_provider(apps, schema_editor):
    agreement = apps.get_model("agencies", "SharingAgreement")
    agreement.objects.filter(ended_at__isnull=False).update(status="revoked")
    agreement.objects.filter(ended_at__isnull=True).update(status="unconfirmed")


def back(apps, schema_editor):
    agreement = apps.get_model("agencies", "SharingAgreement")
    # Only what both agencies signed stays in force under the old rules; the rest —
    # proposals, and agreements never confirmed — is revoked, not revived.
    agreement.objects.exclude(status="in_force").filter(ended_at__isnull=True).update(
        ended_at=models.F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("agencies", "0002_hub_agency_record_sensitivity_agency_hub_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="userrole",
            name="role",
            field=models.CharField(
                choices=[
                    ("practitioner", "Practitioner"),
                    ("analyst", "Analyst"),
                    ("supervisor", "Supervisor"),
                    ("hub_manager", "Hub manager"),
                    ("linkage", "Linkage officer"),
                    ("auditor", "Auditor (information governance)"),
                    ("admin", "Administrator"),
                    ("hub_auditor", "Hub-wide auditor"),
                    ("hub_admin", "Hub-wide administrator"),
                ],
                max_length=20,
            ),
        ),
        migrations.RenameField("sharingagreement", "revoked_at", "ended_at"),
        migrations.AddField(
            model_name="sharingagreement",
            name="status",
            field=models.CharField(
                choices=[
                    ("proposed", "Proposed: waiting for the receiving agency"),
                    ("in_force", "In force"),
                    ("declined", "Declined by the receiving agency"),
                    ("revoked", "Revoked"),
                    ("unconfirmed", "Not in force: the sharing agency must confirm it"),
                ],
                default="proposed",
                max_length=12,
            ),
        ),
        migrations.AddField(
            model_name="sharingagreement", name="linkage", field=models.BooleanField(default=False)
        ),
        migrations.AddField(
            model_name="sharingagreement",
            name="proposed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="sharingagreement",
            name="proposed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sharingagreement",
            name="accepted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="sharingagreement",
            name="accepted_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="sharingagreement",
            name="ended_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddIndex(
            model_name="sharingagreement",
            index=models.Index(fields=["recipient", "status"], name="agreement_in_force"),
        ),
        migrations.RunPython(flag_for_the_provider, back),
        migrations.CreateModel(
            name="RecordService",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=200)),
                (
                    "sensitivity",
                    models.CharField(
                        choices=[
                            ("general", "General"),
                            ("health", "Health"),
                            ("sexual_health", "Sexual health"),
                            ("intelligence", "Intelligence"),
                            ("restricted", "Restricted"),
                        ],
                        max_length=20,
                    ),
                ),
                ("record_id_prefix", models.CharField(blank=True, max_length=40)),
                ("source_system", models.CharField(blank=True, max_length=200)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "agency",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="services",
                        to="agencies.agency",
                    ),
                ),
            ],
            options={
                "ordering": ["agency__name", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("agency", "name"), name="unique_record_service"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("record_id_prefix", ""), ("source_system", ""), _negated=True
                        ),
                        name="record_service_recognisable",
                    ),
                ],
            },
        ),
    ]
