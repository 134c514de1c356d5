"""Every refusal of the API — DRF's own included — in the one shape ``{code, message, fields}``
and in the user's language: Vietnamese by default, English on request or by the user's setting."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from mandate.people import credentials

ENGLISH = {
    "integer": "A valid integer is required.",
    "json": "The body is not valid JSON.",
    "media": "Send the body as application/json.",
    "method": "This address does not accept DELETE.",
    "accept": "This address cannot answer in the format asked for (Accept header).",
    "page": "There is no page 99.",
    "page_size": "Must be a whole number from 1 to 200.",
    "fields": "The request has too many fields or files, or cannot be read.",
    "csrf": "The CSRF check failed: send the X-CSRFToken header with a session, or use a token.",
    "sign_in": "Sign in first.",
}
VIETNAMESE = {
    "integer": "Phải là một số nguyên hợp lệ.",
    "json": "Nội dung yêu cầu không phải JSON hợp lệ.",
    "media": "Hãy gửi nội dung dưới dạng application/json.",
    "method": "Địa chỉ này không nhận phương thức DELETE.",
    "accept": "Địa chỉ này không trả lời được theo định dạng yêu cầu (tiêu đề Accept).",
    "page": "Không có trang 99.",
    "page_size": "Phải là số nguyên từ 1 đến 200.",
    "fields": "Yêu cầu có quá nhiều trường hoặc tệp, hoặc không đọc được.",
    "csrf": (
        "Kiểm tra CSRF không đạt: hãy gửi tiêu đề X-CSRFToken cùng phiên đăng nhập, hoặc dùng mã truy cập "
        "(token)."
    ),
}
TEXTS = {"en": ENGLISH, "vi": VIETNAMESE}


def _shape(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) >= {"code", "message", "fields"}
    assert isinstance(body["fields"], dict)
    return body


@pytest.fixture
def token_client(cast):
    def make(language):
        client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
        client.credentials(
            HTTP_AUTHORIZATION=f"Token {credentials.api_token_issue(actor=cast.van, name='test')[1]}"
        )
        return client

    return make


@pytest.mark.parametrize("language", ["vi", "en"])
def test_drf_messages_are_in_the_users_language(cast, token_client, language):
    client, texts = token_client(language), TEXTS[language]

    invalid = _shape(client.post("/api/v1/tasks/", {"content": "x", "lead_unit": "abc"}, format="json"), 400)
    assert invalid["fields"]["lead_unit"] == [texts["integer"]]

    bad_json = _shape(client.generic("POST", "/api/v1/tasks/", "{", content_type="application/json"), 400)
    assert (bad_json["code"], bad_json["message"]) == ("malformed", texts["json"])

    media = _shape(client.generic("POST", "/api/v1/tasks/", "x=1", content_type="text/plain"), 415)
    assert (media["code"], media["message"]) == ("unsupported_media_type", texts["media"])

    method = _shape(client.delete("/api/v1/tasks/"), 405)
    assert (method["code"], method["message"]) == ("method_not_allowed", texts["method"])

    accept = _shape(client.get("/api/v1/tasks/", HTTP_ACCEPT="text/html"), 406)
    assert (accept["code"], accept["message"]) == ("not_acceptable", texts["accept"])


@pytest.mark.parametrize("language", ["vi", "en"])
def test_page_numbers_and_sizes_are_checked(cast, token_client, language):
    client, texts = token_client(language), TEXTS[language]
    for query in ({"page": "abc"}, {"page": "0"}, {"page": "-1"}):
        assert "page" in _shape(client.get("/api/v1/documents/", query), 400)["fields"]
    for size in ("0", "201", "x"):
        body = _shape(client.get("/api/v1/documents/", {"page_size": size}), 400)
        assert body["fields"]["page_size"] == [texts["page_size"]]
    past = _shape(client.get("/api/v1/documents/", {"page": "99"}), 404)
    assert (past["code"], past["message"]) == ("not_found", texts["page"])
    assert client.get("/api/v1/documents/", {"page": "1", "page_size": "200"}).status_code == 200


@pytest.mark.parametrize("language", ["vi", "en"])
def test_too_many_form_fields_is_a_400_in_the_error_shape(cast, settings, language):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    body = "&".join(f"f{i}=1" for i in range(50))
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    response = client.generic(
        "POST", "/api/v1/auth/token/", body, content_type="application/x-www-form-urlencoded"
    )
    assert _shape(response, 400)["message"] == TEXTS[language]["fields"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_csrf_refusal_on_the_api_is_in_the_error_shape(cast, language):
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(cast.van)
    response = client.post("/api/v1/notifications/read-all/", {}, content_type="application/json")
    body = _shape(response, 403)
    assert (body["code"], body["message"]) == ("csrf_failed", TEXTS[language]["csrf"])


def test_the_users_own_setting_wins_for_drf_messages_too(cast):
    cast.van.language = "en"
    cast.van.save()
    client = APIClient(HTTP_ACCEPT_LANGUAGE="vi")
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {credentials.api_token_issue(actor=cast.van, name='test')[1]}"
    )
    invalid = _shape(client.post("/api/v1/tasks/", {"content": "x", "lead_unit": "abc"}, format="json"), 400)
    assert invalid["fields"]["lead_unit"] == [ENGLISH["integer"]]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_401_and_429_are_in_the_users_language(cast, language):
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    anonymous = _shape(client.get("/api/v1/tasks/"), 401)
    assert anonymous["code"] == "not_authenticated"
    assert (anonymous["message"] == ENGLISH["sign_in"]) == (language == "en")
    for _ in range(6):
        last = client.post("/api/v1/auth/token/", {"username": "dung", "password": "nope"}, format="json")
    throttled = _shape(last, 429)
    assert ("Too many" in throttled["message"]) == (language == "en")


def test_the_token_route_reads_json_and_a_plain_form(cast):
    client = APIClient()
    as_json = client.post(
        "/api/v1/auth/token/", {"username": "dung", "password": "mandate-test-password"}, format="json"
    )
    as_form = client.generic(
        "POST",
        "/api/v1/auth/token/",
        "username=dung&password=mandate-test-password",
        content_type="application/x-www-form-urlencoded",
    )
    assert as_json.status_code == as_form.status_code == 200


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("mine=null", "mine"),
        ("mine=1", "mine"),
        ("mine=true&mine=true", "mine"),
        ("within=", "within"),
        ("within=abc", "within"),
        ("state=nonsense", "state"),
        ("page=&page_size=", "page_size"),
        ("q=a&q=b", "q"),
    ],
)
def test_the_query_is_checked_against_what_the_schema_documents(cast, token_client, query, name):
    body = _shape(token_client("en").get(f"/api/v1/tasks/?{query}"), 400)
    assert name in body["fields"], body


def test_a_documented_query_reads_as_before(cast, token_client):
    client = token_client("en")
    assert client.get("/api/v1/tasks/?mine=true&include_subtasks=false&state=overdue&q=x").status_code == 200
    assert client.get("/api/v1/documents/?include_retired=true&q=").status_code == 200
