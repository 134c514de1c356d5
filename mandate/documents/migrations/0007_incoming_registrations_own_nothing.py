"""A document entered by a unit that did not act for its issuer — a recipient entering it in its
own incoming register — made that unit an owner of the record (``registered_for``), so it could
edit and retire the issuer's document for everyone. Such a unit is now the document's receiver
(``received_by``), which owns nothing (docs/adr/0025-document-register.md).

Before this change ``registered_for`` was the issuer whenever the registering person acted for it
(his own unit or a declared delegation), and his own unit otherwise: so every row whose
``registered_for`` is not its issuer was such an incoming registration."""

from django.db import migrations
from django.db.models import F


def forwards(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    incoming = Document.objects.filter(registered_for__isnull=False).exclude(registered_for=F("issuing_unit"))
    for document in incoming.only("pk", "registered_for_id"):
        Document.objects.filter(pk=document.pk).update(
            received_by_id=document.registered_for_id, registered_for=None
        )


def backwards(apps, schema_editor):
    Document = apps.get_model("documents", "Document")
    received = Document.objects.filter(received_by__isnull=False, registered_for__isnull=True)
    for document in received.only("pk", "received_by_id"):
        Document.objects.filter(pk=document.pk).update(registered_for_id=document.received_by_id)


class Migration(migrations.Migration):
    dependencies = [("documents", "0006_register_entries")]

    operations = [migrations.RunPython(forwards, backwards)]
