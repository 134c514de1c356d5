"""The API of the inspection reference data: catalogues with the example mark, the upload, the
discipline forms in force with the "to verify" mark, the form check and the deferral reasons."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.core.models import AuditEntry
from mandate.inspections import services
from mandate.inspections.models import ViolationCatalogue, ViolationSign
from mandate.inspections.tests.conftest import EXAMPLE, as_yaml, catalogue_rows, upload

CATALOGUES = "/api/v1/inspections/catalogues/"
LOADS = "/api/v1/inspections/catalogue-loads/"
FORMS = "/api/v1/inspections/discipline-forms/"


def _example(cast):
    return services.catalogue_load(
        actor=None, file=upload(EXAMPLE.name, EXAMPLE.read_bytes()), owner_unit=cast.city_party
    ).catalogue


def test_the_example_mark_is_in_the_list_the_detail_and_every_sign(cast, api, directive):
    catalogue = _example(cast)

    listed = api(cast.dung).get(CATALOGUES, {"on": "2023-09-01"}).json()["results"]
    detail = api(cast.dung).get(f"{CATALOGUES}{catalogue.pk}/").json()

    assert [(row["id"], row["is_example"], row["sign_count"]) for row in listed] == [(catalogue.pk, True, 11)]
    assert listed[0]["example_notice"].startswith("Ví dụ")
    assert listed[0]["name"].startswith("[Ví dụ]")
    assert detail["is_example"] is True
    assert detail["example_notice"] == listed[0]["example_notice"]
    assert detail["source_document_symbol"] == "24-CT/TU"
    assert [g["official_count"] for g in detail["groups"]] == [12, 9, 4]
    assert len(detail["signs"]) == 11
    assert all(sign["is_example"] is True for sign in detail["signs"])


def test_an_official_catalogue_carries_no_example_notice(cast, api, directive):
    loaded = services.catalogue_load(
        actor=None, file=upload("a.yaml", as_yaml(catalogue_rows())), owner_unit=cast.city_party
    ).catalogue
    detail = api(cast.dung).get(f"{CATALOGUES}{loaded.pk}/").json()
    assert (detail["is_example"], detail["example_notice"]) == (False, "")
    assert {sign["is_example"] for sign in detail["signs"]} == {False}


def test_the_list_filters_by_the_day_in_force(cast, api, directive):
    _example(cast)
    assert api(cast.dung).get(CATALOGUES, {"on": "2023-08-06"}).json()["count"] == 0
    assert api(cast.dung).get(CATALOGUES, {"on": "2023-08-07"}).json()["count"] == 1
    assert api(cast.dung).get(CATALOGUES, {"on": "07/08/2023"}).status_code == 400


def test_the_detail_on_a_day_shows_only_the_signs_in_force(cast, api, directive):
    rows = catalogue_rows()
    rows["sign"][2]["valid_to"] = "2023-12-31"
    loaded = services.catalogue_load(
        actor=None, file=upload("a.yaml", as_yaml(rows)), owner_unit=cast.city_party
    )

    codes = [
        s["code"]
        for s in api(cast.dung)
        .get(f"{CATALOGUES}{loaded.catalogue.pk}/", {"on": "2024-01-01"})
        .json()["signs"]
    ]

    assert codes == ["T-VP-01", "T-VP-02"]


def test_a_missing_catalogue_is_404(cast, api):
    assert api(cast.dung).get(f"{CATALOGUES}999999/").status_code == 404


def test_an_administrator_uploads_a_catalogue_and_the_same_file_again_changes_nothing(cast, api, directive):
    data = EXAMPLE.read_bytes()

    first = api(cast.ad).post(
        LOADS, {"file": upload(EXAMPLE.name, data), "owner_unit": cast.city_party.pk}, format="multipart"
    )
    again = api(cast.ad).post(
        LOADS, {"file": upload(EXAMPLE.name, data), "owner_unit": cast.city_party.pk}, format="multipart"
    )

    assert first.status_code == 201, first.json()
    assert first.json()["outcome"] == "loaded"
    assert first.json()["catalogue"]["is_example"] is True
    assert (again.status_code, again.json()["outcome"]) == (200, "unchanged")
    assert ViolationCatalogue.objects.count() == 1
    assert AuditEntry.objects.filter(action="inspections.catalogue_load", actor_label="ad").count() == 2


def test_a_duplicate_code_upload_is_400_with_its_line_and_loads_nothing(cast, api, directive):
    data = as_yaml(catalogue_rows(signs=[("T-VP-01", "VP"), ("T-VP-01", "VP")]))
    before = (ViolationCatalogue.objects.count(), ViolationSign.objects.count(), AuditEntry.objects.count())

    response = api(cast.ad).post(
        LOADS, {"file": upload("trung.yaml", data), "owner_unit": cast.city_party.pk}, format="multipart"
    )

    body = response.json()
    assert (response.status_code, body["code"]) == (400, "file_refused")
    assert body["fields"]["file"][0].startswith("dòng 30: ")
    assert "T-VP-01" in body["message"]
    assert (
        ViolationCatalogue.objects.count(),
        ViolationSign.objects.count(),
        AuditEntry.objects.count(),
    ) == before


def test_an_upload_without_a_file_or_owner_is_400_naming_the_field(cast, api):
    no_file = api(cast.ad).post(LOADS, {"owner_unit": cast.city_party.pk}, format="multipart")
    no_owner = api(cast.ad).post(LOADS, {"file": upload("a.yaml", b"x: 1")}, format="multipart")
    unknown = api(cast.ad).post(
        LOADS, {"file": upload("a.yaml", b"x: 1"), "owner_unit": 999999}, format="multipart"
    )
    assert (no_file.status_code, list(no_file.json()["fields"])) == (400, ["file"])
    assert (no_owner.status_code, list(no_owner.json()["fields"])) == (400, ["owner_unit"])
    assert (unknown.status_code, list(unknown.json()["fields"])) == (400, ["owner_unit"])


def test_others_get_403_before_the_file_is_read_and_nothing_changes(cast, api, directive):
    before = (ViolationCatalogue.objects.count(), AuditEntry.objects.count())
    for who in ("dung", "van", "chanh", "olga", "vera"):
        response = api(getattr(cast, who)).post(
            LOADS,
            {"file": upload(EXAMPLE.name, EXAMPLE.read_bytes()), "owner_unit": cast.city_party.pk},
            format="multipart",
        )
        assert (response.status_code, response.json()["code"]) == (403, "permission_denied"), who
    assert api(cast.dung).post(LOADS, {}, format="json").status_code == 403
    assert (ViolationCatalogue.objects.count(), AuditEntry.objects.count()) == before


def test_the_discipline_forms_in_force_carry_their_source_and_the_to_verify_mark(cast, api, rules):
    in_2023 = (
        api(cast.dung).get(FORMS, {"subject_kind": "civil_servant_with_post", "on": "2023-05-10"}).json()
    )
    in_2025 = (
        api(cast.dung).get(FORMS, {"subject_kind": "civil_servant_with_post", "on": "2025-08-15"}).json()
    )

    assert [f["code"] for f in in_2023] == [
        "reprimand",
        "warning",
        "demotion",
        "removal_from_post",
        "forced_resignation",
    ]
    assert [f["code"] for f in in_2025] == ["reprimand", "warning", "removal_from_post", "forced_resignation"]
    demotion = in_2023[2]
    assert (demotion["source_label"], demotion["valid_to"], demotion["to_verify"]) == (
        "112/2020/NĐ-CP, Điều 7",
        "2025-06-30",
        True,
    )
    assert demotion["choice_label"] == "Giáng chức (cần kiểm tra)"
    assert demotion["to_verify_note"].startswith("Ngày cuối cùng là giả định")
    assert {f["to_verify"] for f in in_2025} == {True}


def test_party_forms_are_offered_without_a_mark(cast, api, rules):
    forms = api(cast.dung).get(FORMS, {"subject_kind": "party_member", "on": "2023-05-10"}).json()
    assert [(f["choice_label"], f["to_verify"], f["to_verify_note"]) for f in forms][:2] == [
        ("Khiển trách", False, ""),
        ("Cảnh cáo", False, ""),
    ]
    assert forms[2]["note"] == "Nếu đang giữ chức vụ."


def test_an_unknown_kind_of_subject_is_400(cast, api, rules):
    response = api(cast.dung).get(FORMS, {"subject_kind": "citizen"})
    assert response.status_code == 400


def test_the_form_check_refuses_out_of_force_with_the_message_and_accepts_2023(cast, api, rules):
    refused = api(cast.dung).get(
        f"{FORMS}check/",
        {"subject_kind": "civil_servant_without_post", "form": "salary_downgrade", "on": "2025-08-15"},
    )
    accepted = api(cast.dung).get(
        f"{FORMS}check/",
        {"subject_kind": "civil_servant_without_post", "form": "salary_downgrade", "on": "2023-05-10"},
    )

    assert refused.status_code == 200
    assert refused.json()["in_force"] is False
    assert "30/06/2025" in refused.json()["message"]
    assert refused.json()["form"] is None
    assert accepted.json()["in_force"] is True
    assert accepted.json()["form"]["code"] == "salary_downgrade"
    assert accepted.json()["form"]["to_verify"] is True


def test_the_form_check_in_english(cast, api, rules):
    response = api(cast.dung).get(
        f"{FORMS}check/",
        {"subject_kind": "civil_servant_with_post", "form": "demotion", "on": "2025-08-15"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["message"].startswith("“Demotion” is not a discipline form in force on 15/08/2025")


def test_the_deferral_reasons_are_listed_with_their_end_rule(cast, api, rules):
    reasons = api(cast.dung).get("/api/v1/inspections/deferral-reasons/", {"subject_kind": "cadre"}).json()
    child = next(r for r in reasons if r["code"] == "child_under_12_months")
    assert (child["end_rule"], child["months"], child["waivable"]) == ("months_after", 12, True)


def test_anonymous_visitors_are_401(client):
    for url in (CATALOGUES, FORMS, LOADS):
        assert client.get(url).status_code in (401, 403)


def test_the_commands_load_through_the_same_services(cast, directive, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("load_discipline_rules", "--user", "ad", stdout=out)
    call_command(
        "load_catalogue", str(EXAMPLE), "--owner-unit", str(cast.city_party.pk), "--user", "ad", stdout=out
    )
    call_command(
        "load_catalogue", str(EXAMPLE), "--owner-unit", str(cast.city_party.pk), "--user", "ad", stdout=out
    )

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("loaded: ")
    assert lines[1].startswith("loaded: [Ví dụ]")
    assert lines[2].startswith("unchanged: [Ví dụ]")
    entries = AuditEntry.objects.filter(action__startswith="inspections.").values_list(
        "action", "actor_label"
    )
    assert list(entries) == [
        ("inspections.discipline_rules_load", "ad"),
        ("inspections.catalogue_load", "ad"),
        ("inspections.catalogue_load", "ad"),
    ]


def test_a_refused_file_fails_the_command_with_every_problem(cast, directive, tmp_path):
    import pytest
    from django.core.management import CommandError, call_command

    bad = tmp_path / "trung.yaml"
    bad.write_bytes(as_yaml(catalogue_rows(signs=[("T-VP-01", "VP"), ("T-VP-01", "VP")])))
    with pytest.raises(CommandError) as failed:
        call_command("load_catalogue", str(bad), "--owner-unit", str(cast.city_party.pk), "--user", "ad")
    assert "dòng 30" in str(failed.value)
    assert ViolationCatalogue.objects.count() == 0


def test_an_admin_uploads_through_the_admin_site(cast, client, directive):
    client.force_login(cast.ad)
    assert client.get("/admin/inspections/violationcatalogue/load/").status_code == 200

    response = client.post(
        "/admin/inspections/violationcatalogue/load/",
        {"file": SimpleUploadedFile(EXAMPLE.name, EXAMPLE.read_bytes()), "owner_unit": cast.city_party.pk},
    )

    assert response.status_code == 302
    assert ViolationCatalogue.objects.get().is_example
    page = client.get("/admin/inspections/violationcatalogue/")
    assert "Ví dụ" in page.content.decode()
