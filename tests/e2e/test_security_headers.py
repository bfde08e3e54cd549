"""Under the Content-Security-Policy every page still works in a real browser: GOV.UK Frontend's
scripts run, styles apply, and the browser reports no blocked resource."""

from __future__ import annotations

from .conftest import PASSWORD
from .pages import sign_in, visit

PLAN = "lc-shared-ambitions-2022-23"


def test_pages_work_under_the_content_security_policy(page, server):
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: blocked.append(str(e)))

    for path in ("/", "/sign-in/", "/sign-in/forgotten-password/", "/api/v1/docs/", f"/plans/{PLAN}/",
                 f"/plans/{PLAN}/timeline/", f"/plans/{PLAN}/dashboard/", f"/plans/{PLAN}/reports/"):
        response = page.goto(server + path)
        assert response.ok, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "camera=()" in response.headers["permissions-policy"]
        # GOV.UK Frontend's start-up ran (init.js) and its module loaded (govuk-init.js).
        assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')"), path
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").lower().startswith("arial"), path

    sign_in(page, server, "manager", PASSWORD)
    visit(page, server + "/api/v1/token/")
    visit(page, server + "/account/password/")
    # The menu button GOV.UK Frontend's service navigation adds on a narrow screen works.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(server + "/")
    page.get_by_role("button", name="Menu").click()
    assert page.get_by_role("link", name="Password").is_visible()
    assert blocked == []
