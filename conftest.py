"""The named cast every test can use (docs/testing.md).

    city "Thành phố Mẫu" (area)
     ├── city_party "Thành ủy Mẫu" (party)
     │    ├── standing "Ban Thường vụ Thành ủy"
     │    └── party_office "Văn phòng Thành ủy"   van (specialist), chanh (leader, head); both cover the city
     │                                           and act for `standing` by a declared delegation
     ├── city_state "UBND thành phố" (state)
     │    ├── culture "Sở Văn hóa và Thể thao"     dung (leader, head), vera (viewer)
     │    │    ├── culture_office "Phòng Quản lý Văn hóa"  oanh (official, covers the department,
     │    │    │                                        acts for it by declaration: lead side only)
     │    │    └── culture_party "Đảng ủy Sở"
     │    ├── info "Sở Thông tin và Truyền thông"  tin (leader, head)
     │    └── state_office "Văn phòng UBND"         vp (specialist, covers the UBND, acts for it by a
     │                                           declared delegation: registers and assigns for it)
     └── district "Huyện Mẫu" (area)
          └── district_state "UBND huyện Mẫu"     bao (leader, head)
    outsider "Tỉnh Khác" (area)                   olga (leader of its UBND) — must never see ours
     └── outsider_state "UBND tỉnh Khác"
    ad — superuser

Acting for a unit (a side of a task, a document's issuer) is exact: dung acts for `culture`, not
for `culture_office` nor `city_state`; tin is a sibling of dung, never his assigner.

Every person is created through the services, so the cast also exercises them.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest

# The `libreoffice` fixture and marker, with the suite's budget of conversions (ADR 0032).
pytest_plugins = ["mandate.core.tests.libreoffice"]


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _report_pdfs_without_office(request: Any, monkeypatch: Any) -> None:
    """LibreOffice prints a report's PDF in seconds, so only the tests that declare it (the
    ``libreoffice`` marker, within the suite's budget) run it; in the others an issued report's
    PDF is a stand-in that says so (mandate/reports/tests/test_render_pdf.py prints real ones)."""
    if request.node.get_closest_marker("libreoffice") is not None:
        return
    from mandate.reports import outputs

    monkeypatch.setattr(outputs, "pdf_bytes", lambda docx: b"%PDF-1.4\n% not printed by this test\n%%EOF\n")


@pytest.fixture(autouse=True)
def _fresh_calendar_cache() -> Any:
    """Calendar overrides are cached per process; a rolled-back test must not leave its own."""
    from mandate.core import workdays

    workdays.clear_override_cache()
    yield
    workdays.clear_override_cache()


@pytest.fixture(autouse=True)
def _fresh_scope_cache() -> Any:
    """Read scopes are cached per process by generation token; a test that writes positions
    without the services (no new token) must not meet another test's entries."""
    from mandate.people import scopes

    scopes.clear_shared_cache()
    yield
    scopes.clear_shared_cache()


@pytest.fixture(autouse=True)
def _fresh_hierarchy_cache() -> Any:
    """Reporting hierarchies are cached per process by generation token too (indicators.hierarchy);
    a test that writes lines without the services must not meet another test's entries."""
    from mandate.indicators import hierarchy

    hierarchy.clear_shared_cache()
    yield
    hierarchy.clear_shared_cache()


def _load_document_types() -> None:
    from importlib import import_module

    from django.apps import apps

    import_module("mandate.documents.migrations.0003_document_types").forwards(apps, None)


@pytest.fixture(autouse=True)
def _data_migration_rows_around_a_flush(request: Any, django_db_blocker: Any) -> Any:
    """A test with real commits (``transactional_db``, a live server) is followed by Django's
    flush, which empties every table, the rows a data migration loaded included (the document
    types). Loaded again before such a test (a flush may have come before it on this worker) and
    after it (for the next test), the way the migration loads them."""
    transactional = any(name in request.fixturenames for name in ("transactional_db", "live_server"))
    if transactional:
        with django_db_blocker.unblock():
            _load_document_types()
    yield
    if transactional:
        with django_db_blocker.unblock():
            _load_document_types()


@pytest.fixture(autouse=True, scope="session")
def _force_login_is_a_full_sign_in() -> Any:
    """The test client's ``force_login`` (and ``login``) stands for a complete sign-in: with the
    second factor, for an account that needs one (ADR 0034). The tests of the second factor sign
    in through the pages, where this never applies (a real request has a path). For the whole
    session, so that the module-wide clients of the write matrix are signed in the same way."""
    from django.contrib.auth.signals import user_logged_in

    from mandate.people import second_factor

    def mark(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
        if not request.path:  # the test client's own HttpRequest(), not a request to a route
            request.session[second_factor.SESSION_KEY] = {"device": "test", "at": "2024-01-01T00:00:00+00:00"}

    user_logged_in.connect(mark, dispatch_uid="conftest.force_login_is_a_full_sign_in")
    yield
    user_logged_in.disconnect(dispatch_uid="conftest.force_login_is_a_full_sign_in")


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Every test starts in the default language, whatever a previous request activated."""
    from django.utils import translation

    with translation.override("vi"):
        yield


# The Standing Committee's authority, delegated to its office's staff (docs/adr/0018).
STANDING_DELEGATION = "Quy chế làm việc của Ban Thường vụ Thành ủy"
# The People's Committee's, delegated to its Office's specialist (the demo's ``vpubnd``).
STATE_DELEGATION = "Quy chế làm việc của Ủy ban nhân dân thành phố"


def _unit(parent: Any, name: str, kind: str, level: str, code: str = "") -> Any:
    from mandate.organisations.tests.factories import UnitFactory

    return UnitFactory.create(parent=parent, name=name, kind=kind, level=level, code=code)


def _person(username: str, full_name: str, **position: Any) -> Any:
    from mandate.people.tests.factories import AccountFactory

    return AccountFactory.create(username=username, full_name=full_name, position=position)


@pytest.fixture
def cast(db: Any) -> SimpleNamespace:
    return build_cast()


def build_cast() -> SimpleNamespace:
    """The cast itself, for a fixture of a wider scope (tests/write_matrix.py)."""
    c = SimpleNamespace()
    c.city = _unit(None, "Thành phố Mẫu", "area", "city")
    c.city_party = _unit(c.city, "Thành ủy Mẫu", "party", "city", "TU")
    c.standing = _unit(c.city_party, "Ban Thường vụ Thành ủy", "party", "committee", "TU")
    c.party_office = _unit(c.city_party, "Văn phòng Thành ủy", "party", "office")
    c.city_state = _unit(c.city, "Ủy ban nhân dân thành phố Mẫu", "state", "city", "UBND")
    c.culture = _unit(c.city_state, "Sở Văn hóa và Thể thao", "state", "department", "SVHTT")
    c.culture_office = _unit(c.culture, "Phòng Quản lý Văn hóa", "state", "office")
    c.culture_party = _unit(c.culture, "Đảng ủy Sở Văn hóa và Thể thao", "party", "department", "ĐU")
    c.info = _unit(c.city_state, "Sở Thông tin và Truyền thông", "state", "department", "STTTT")
    c.state_office = _unit(c.city_state, "Văn phòng Ủy ban nhân dân thành phố Mẫu", "state", "office")
    c.district = _unit(c.city, "Huyện Mẫu", "area", "district")
    c.district_state = _unit(c.district, "Ủy ban nhân dân huyện Mẫu", "state", "district", "UBND")
    c.outsider = _unit(None, "Tỉnh Khác", "area", "city")
    c.outsider_state = _unit(c.outsider, "Ủy ban nhân dân tỉnh Khác", "state", "city", "UBND")

    c.van = _person(
        "van",
        "Văn Phòng Viên",
        unit=c.party_office,
        scope_unit=c.city,
        title="Chuyên viên",
        role="specialist",
        acts_for=c.standing,
        acts_for_basis=STANDING_DELEGATION,
    )
    c.chanh = _person(
        "chanh",
        "Chánh Văn Phòng",
        unit=c.party_office,
        scope_unit=c.city,
        title="Chánh Văn phòng",
        role="leader",
        is_head=True,
        acts_for=c.standing,
        acts_for_basis=STANDING_DELEGATION,
    )
    c.dung = _person("dung", "Giám Đốc Dũng", unit=c.culture, title="Giám đốc", role="leader", is_head=True)
    c.oanh = _person(
        "oanh",
        "Chuyên Viên Oanh",
        unit=c.culture_office,
        scope_unit=c.culture,
        title="Chuyên viên",
        role="official",
        acts_for=c.culture,
        acts_for_basis="Quyết định phân công của Giám đốc Sở",
    )
    c.vera = _person("vera", "Người Xem Vera", unit=c.culture, title="Cộng tác viên", role="viewer")
    c.tin = _person("tin", "Giám Đốc Tín", unit=c.info, title="Giám đốc", role="leader", is_head=True)
    c.vp = _person(
        "vp",
        "Chuyên Viên Văn Phòng UBND",
        unit=c.state_office,
        scope_unit=c.city_state,
        title="Chuyên viên",
        role="specialist",
        acts_for=c.city_state,
        acts_for_basis=STATE_DELEGATION,
    )
    c.bao = _person(
        "bao", "Chủ Tịch Bảo", unit=c.district_state, title="Chủ tịch", role="leader", is_head=True
    )
    c.olga = _person(
        "olga", "Người Ngoài Olga", unit=c.outsider_state, title="Chủ tịch", role="leader", is_head=True
    )
    from mandate.people.tests.factories import AccountFactory

    c.ad = AccountFactory.create(username="ad", full_name="Quản Trị Viên", is_superuser=True)
    return c


@pytest.fixture
def make_document(cast: SimpleNamespace) -> Any:
    """Register a document as the system would: ``make_document("47-KH/ĐU", cast.culture_party)``."""
    from mandate.documents import services
    from mandate.documents.models import DocumentType

    slugs = {
        "KH": "ke-hoach",
        "CT": "chi-thi",
        "CTr": "chuong-trinh",
        "NQ": "nghi-quyet",
        "NĐ": "nghi-dinh",
        "QĐ": "quyet-dinh",
    }

    def make(symbol: str, issuer: Any, *, issued_on: dt.date = dt.date(2023, 2, 14), **extra: Any) -> Any:
        from mandate.documents.symbols import parse_symbol

        slug = extra.pop("type_slug", None) or slugs[parse_symbol(symbol).type_code or ""]
        return services.document_register(
            actor=None,
            document_type=DocumentType.objects.get(slug=slug),
            symbol=symbol,
            issuing_unit=issuer,
            issued_on=issued_on,
            title=extra.pop("title", f"Văn bản {symbol}"),
            **extra,
        )

    return make


@pytest.fixture
def api(db: Any) -> Any:
    """A client signed in as whoever is passed, for the API and the pages alike:
    ``api(cast.van).get(...)``."""
    from rest_framework.test import APIClient

    def client_for(user: Any | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
            client.force_login(user)
        return client

    return client_for
