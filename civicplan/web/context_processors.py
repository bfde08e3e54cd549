"""Values every page needs: the service navigation, the user's role, and the "as at" date to
keep on links between a plan's pages."""

from urllib.parse import urlencode

from django.urls import reverse

from civicplan.core.permissions import Role, user_role


def navigation(request):
    path = request.path
    role = user_role(getattr(request, "user", None))
    items = [
        {"href": reverse("web:home"), "text": "Plans", "active": path == "/" or path.startswith("/plans/")},
        {"href": reverse("web:pledges"), "text": "Pledges", "active": path.startswith("/pledges/")},
        {"href": reverse("web:services"), "text": "Services", "active": path.startswith("/services/")},
        {"href": reverse("indicators:list"), "text": "Indicators", "active": path.startswith("/indicators/")},
        {"href": reverse("governance:meetings"), "text": "Meetings", "active": path.startswith("/meetings/")},
        {"href": reverse("search:search"), "text": "Search", "active": path.startswith("/search/")},
    ]
    if role >= Role.OFFICER:
        from civicplan.inbox.selectors import inbox_count

        items.append({"href": reverse("inbox:inbox"), "text": "Inbox", "active": path.startswith("/inbox/"),
                      "count": inbox_count(user=request.user)})
        items.append({"href": reverse("web:my-elements"), "text": "Your elements", "active": path.startswith("/my-elements/")})
        items.append({"href": reverse("governance:reminders"), "text": "Reminders", "active": path.startswith("/reminders/")})
    if role >= Role.PLAN_MANAGER:
        items.append({"href": reverse("web:review-queue"), "text": "Updates to review", "active": path.startswith("/updates/")})
        items.append({"href": reverse("importer:upload"), "text": "Import", "active": path.startswith("/import/")})
        items.append({"href": reverse("organisations:list"), "text": "Organisations",
                      "active": path.startswith("/organisations/")})
    if role > Role.PUBLIC:
        items.append({"href": reverse("api:token"), "text": "API token", "active": path == reverse("api:token")})
        items.append({"href": reverse("accounts:password-change"), "text": "Password", "active": path.startswith("/account/")})
        items.append({"href": reverse("web:sign-out"), "text": "Sign out", "active": False, "post": True})
    else:
        items.append({"href": reverse("web:sign-in"), "text": "Sign in", "active": path.startswith("/sign-in/")})
    return {"nav_items": items, "user_role": role}


def as_at_query(request):
    """"?as_at=..." while a page is shown as at a valid date, so links to the plan's other pages
    (dashboard, timeline, elements) show the same date; empty otherwise."""
    from civicplan.web.views.common import parse_as_at

    if not (request.GET.get("as_at") or "").strip():
        return {"as_at_query": ""}
    day, error = parse_as_at(request)
    return {"as_at_query": "" if error else "?" + urlencode({"as_at": day.isoformat()})}
