"""Admin edits obey the same rules: an ended position stops giving its scope at once."""

import datetime as dt

from django.test import Client
from django.utils import timezone

from mandate.people.models import Position


def test_ending_a_position_in_the_admin_forgets_the_scope_at_once(cast, client, make_document):
    plan = make_document("47-KH/ĐU", cast.culture_party)
    dung = Client()
    dung.force_login(cast.dung)  # a fresh account object per request, as in production
    assert dung.get(f"/api/v1/documents/{plan.pk}/").status_code == 200  # scope now cached

    position = Position.objects.get(person__user=cast.dung)
    client.force_login(cast.ad)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    response = client.post(
        f"/admin/people/position/{position.pk}/change/",
        {
            "title": position.title,
            "title_en": "",
            "valid_to": yesterday.strftime("%d/%m/%Y"),
            "opened_version": position.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    position.refresh_from_db()
    assert position.valid_to == yesterday

    assert dung.get(f"/api/v1/documents/{plan.pk}/").status_code == 404


def test_a_lineage_edit_in_the_admin_goes_through_its_service(cast, client):
    from mandate.core import generations
    from mandate.core.models import AuditEntry
    from mandate.organisations.models import UnitLineage

    link = UnitLineage.objects.create(
        predecessor=cast.info, successor=cast.culture, kind="merge", effective_on=dt.date(2024, 1, 1)
    )
    before = generations.current(generations.SCOPES)
    client.force_login(cast.ad)

    response = client.post(f"/admin/organisations/unitlineage/{link.pk}/change/", {"note": "Sáp nhập"})

    assert response.status_code == 302, response.content.decode()[:3000]
    assert generations.current(generations.SCOPES) != before
    assert AuditEntry.objects.filter(action="organisations.lineage_correct").exists()
