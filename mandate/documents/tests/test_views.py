"""The document register and the attachment download, through HTTP."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mandate.documents import services

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def register(cast, make_document):
    """Programme 06/Ctr-TU of the city Party committee, a directive beside it, and an internal plan
    of the culture department's Party committee (which outsiders must never see)."""
    return {
        "programme": make_document(
            "06/Ctr-TU",
            cast.city_party,
            issued_on=dt.date(2021, 3, 17),
            type_slug="chuong-trinh",
            title="Chương trình phát triển văn hóa Thủ đô",
        ),
        "directive": make_document(
            "24-CT/TU", cast.city_party, issued_on=dt.date(2023, 9, 6), title="Chỉ thị về cải cách hành chính"
        ),
        "plan": make_document("47-KH/ĐU", cast.culture_party, title="Kế hoạch kiểm tra nội bộ"),
    }


def _get(client, user, url, data=None):
    client.force_login(user)
    response = client.get(url, data or {})
    assert response.status_code == 200
    return response


def _symbols(response):
    page = response.context["page_obj"]
    return [] if page is None else [d.symbol for d in page.object_list]


def test_a_signed_out_visitor_is_sent_to_sign_in(client, db):
    for url in ("/documents/", "/documents/lookup/?symbol=06"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_the_register_lists_what_the_reader_may_see_with_every_column(client, cast, register):
    response = _get(client, cast.van, "/documents/")
    body = response.content.decode()

    assert _symbols(response) == ["24-CT/TU", "47-KH/ĐU", "06/Ctr-TU"]  # newest first
    programme = register["programme"]
    assert f'href="/documents/{programme.pk}/">06/Ctr-TU</a>' in body
    assert "Chương trình" in body  # the type, in Vietnamese
    assert "Thành ủy Mẫu" in body
    assert "17/03/2021" in body
    assert "Chương trình phát triển văn hóa Thủ đô" in body
    assert '<html lang="vi">' in body


@pytest.mark.parametrize("who", ["olga", "bao", "tin"])
def test_the_register_never_shows_a_foreign_document(client, cast, register, who):
    for url in (
        "/documents/",
        "/documents/lookup/",
        "/documents/?symbol=47",
        "/documents/lookup/?q=kiem+tra",
    ):
        response = _get(client, getattr(cast, who), url)
        assert "47-KH/ĐU" not in response.content.decode()
        assert f"/documents/{register['plan'].pk}/" not in response.content.decode()


@pytest.mark.parametrize("typed", ["06/Ctr-TU", "06-CTr/TU", "06-ctr-tu", "06-ct", "6-CTR/TU", " 06 "])
@pytest.mark.parametrize("url", ["/documents/", "/documents/lookup/"])
def test_the_symbol_is_found_however_it_is_typed(client, cast, register, typed, url):
    response = _get(client, cast.van, url, {"symbol": typed})
    assert _symbols(response) == ["06/Ctr-TU"]


def test_the_lookup_answers_only_the_results_for_htmx(client, cast, register):
    response = _get(client, cast.van, "/documents/lookup/", {"symbol": "24-ct"})
    body = response.content.decode()
    assert "<html" not in body
    assert "24-CT/TU" in body
    assert "06/Ctr-TU" not in body
    assert response["HX-Replace-Url"] == "/documents/?symbol=24-ct"  # the address bar follows
    empty = _get(
        client, cast.van, "/documents/lookup/", {"symbol": "", "q": "van hoa", "year": "", "page": "2"}
    )
    assert empty["HX-Replace-Url"] == "/documents/?q=van+hoa"


def test_the_register_page_wires_the_live_look_up(client, cast, register):
    body = _get(client, cast.van, "/documents/").content.decode()
    assert 'hx-get="/documents/lookup/"' in body
    assert 'hx-trigger="keyup changed delay:300ms, search"' in body
    assert 'hx-target="#document-results"' in body
    assert '<form method="get" action="/documents/"' in body  # and without JS, a plain form
    assert "<script>" not in body and 'style="' not in body


def test_words_of_the_title_are_found_without_accents(client, cast, register):
    assert _symbols(_get(client, cast.van, "/documents/", {"q": "van hoa thu do"})) == ["06/Ctr-TU"]
    assert _symbols(_get(client, cast.van, "/documents/", {"q": "CẢI CÁCH"})) == ["24-CT/TU"]


def test_the_filters_by_type_issuer_and_year(client, cast, register):
    def symbols(**filters):
        return _symbols(_get(client, cast.van, "/documents/", filters))

    assert symbols(type="chi-thi") == ["24-CT/TU"]
    assert symbols(issuer=cast.culture_party.pk) == ["47-KH/ĐU"]
    assert symbols(issuer=cast.city_party.pk, year=2021) == ["06/Ctr-TU"]
    assert symbols(year=2022) == []


def test_the_issuer_choices_are_the_units_that_issued_a_visible_document(client, cast, register):
    inside = _get(client, cast.van, "/documents/").context["form"].fields["issuer"].choices
    outside = _get(client, cast.bao, "/documents/").context["form"].fields["issuer"].choices
    assert {name for pk, name in inside if pk} == {"Đảng ủy Sở Văn hóa và Thể thao", "Thành ủy Mẫu"}
    assert "Đảng ủy Sở Văn hóa và Thể thao" not in [name for _pk, name in outside]


@pytest.mark.parametrize("year", ["abc", "20233", "1066"])
def test_a_bad_year_is_shown_next_to_the_field_and_keeps_the_input(client, cast, register, year):
    response = _get(client, cast.van, "/documents/", {"year": year, "symbol": "06-ct"})
    body = response.content.decode()
    assert response.context["page_obj"] is None
    assert "year" in response.context["form"].errors
    assert 'id="id_year_errors"' in body
    assert f'value="{year}"' in body
    assert 'value="06-ct"' in body
    assert "06/Ctr-TU</a>" not in body


def test_an_unknown_type_or_issuer_is_a_field_error(client, cast, register):
    form = _get(client, cast.van, "/documents/", {"type": "nope", "issuer": "x"}).context["form"]
    assert set(form.errors) == {"type", "issuer"}


def test_the_register_is_paginated_by_fifty(client, cast, make_document):
    for number in range(1, 53):
        make_document(f"{number}/KH-SVHTT", cast.culture)
    first = _get(client, cast.van, "/documents/")
    second = _get(client, cast.van, "/documents/", {"page": 2, "issuer": cast.culture.pk})

    assert len(first.context["page_obj"].object_list) == 50
    assert first.context["page_obj"].paginator.count == 52
    assert len(second.context["page_obj"].object_list) == 2
    assert "?page=2" in first.content.decode()
    assert f"?issuer={cast.culture.pk}&amp;page=1" in second.content.decode()  # the filters are kept


@pytest.fixture
def attached(cast, register):
    plan = register["plan"]
    attachment = services.attachment_add(
        actor=None, document=plan, upload=SimpleUploadedFile("kế hoạch.pdf", PDF)
    )
    return plan, attachment


@pytest.mark.parametrize("who", ["dung", "oanh", "van", "ad"])
def test_an_attachment_downloads_for_readers_of_its_document(client, cast, attached, who):
    plan, attachment = attached
    client.force_login(getattr(cast, who))
    response = client.get(f"/documents/{plan.pk}/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("who", ["olga", "bao", "tin"])
def test_an_attachment_is_404_for_outsiders(client, cast, attached, who):
    plan, attachment = attached
    client.force_login(getattr(cast, who))
    response = client.get(f"/documents/{plan.pk}/attachments/{attachment.pk}/")
    assert response.status_code == 404
    assert "attachment" not in response.get("Content-Disposition", "")


def test_an_attachment_is_found_only_under_its_own_document(client, cast, register, attached):
    _plan, attachment = attached
    client.force_login(cast.dung)
    other = register["programme"]
    assert client.get(f"/documents/{other.pk}/attachments/{attachment.pk}/").status_code == 404


# --- order, numbering, pages (issue 10, item 7) ------------------------------------------------


def test_the_register_sorts_numbers_its_rows_and_shows_page_numbers(client, cast, make_document):
    import datetime as dt
    import re

    for number in range(53):  # registered oldest first: the newest (the default order) has the largest id
        make_document(
            f"{number + 1}/KH-UBND",
            cast.city_state,
            issued_on=dt.date(2023, 1, 1) + dt.timedelta(days=number),
        )
    client.force_login(cast.van)

    first = client.get("/documents/").content.decode()
    second = client.get("/documents/", {"page": 2}).content.decode()
    assert [int(n) for n in re.findall(r"data-row-number>([\d.]+)<", first)] == list(range(1, 51))
    assert [int(n) for n in re.findall(r"data-row-number>([\d.]+)<", second)][:1] == [51]
    assert 'rel="prev"' in second and 'rel="next"' in first
    assert re.search(r'class="page-link" href="/documents/\?page=2">2<', first)

    oldest = client.get("/documents/", {"ordering": "issued_on"}).content.decode()
    dates = re.findall(r'<td class="text-nowrap">(\d\d/\d\d/\d{4})</td>', oldest)
    assert dates[0] == "01/01/2023" and dates == sorted(dates, key=lambda d: d[6:] + d[3:5] + d[:2])
    assert 'aria-sort="ascending"' in oldest
    assert "ordering=-issued_on" in oldest  # the header now sorts the other way
    assert client.get("/documents/", {"ordering": "nonsense"}).status_code == 200  # named on the form


def test_every_register_ordering_lists_the_same_documents(client, cast, make_document):
    import datetime as dt

    from mandate.documents import selectors

    make_document("2/KH-UBND", cast.city_state, issued_on=dt.date(2023, 3, 1))
    make_document("1/CT-TU", cast.city_party, issued_on=dt.date(2023, 3, 1))
    client.force_login(cast.van)
    everything = None
    for ordering in selectors.DOCUMENT_ORDERING_CHOICES:
        listed = list(
            selectors.document_list_visible(actor=cast.van, ordering=ordering).values_list("pk", flat=True)
        )
        everything = everything or sorted(listed)
        assert sorted(listed) == everything
        assert client.get("/documents/", {"ordering": ordering}).status_code == 200
    ties = list(
        selectors.document_list_visible(actor=cast.van, ordering="issued_on").values_list("pk", flat=True)
    )
    assert ties == sorted(ties)  # the same date: by id, ascending with the order
