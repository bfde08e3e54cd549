"""The search page: parse the query string, call `search_elements`, render."""

from __future__ import annotations

import re

from django.core.paginator import Paginator
from django.shortcuts import render

from .forms import SearchForm
from .selectors import search_elements, search_kinds, search_visible_plans

PAGE_SIZE = 20
# Characters that cannot be shown back in a web page (NUL and other controls).
UNPRINTABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def search(request):
    plans = list(search_visible_plans(user=request.user))
    form = SearchForm(request.GET, plans=plans, kinds=search_kinds())
    results = None
    page = None
    if form.is_valid() and form.cleaned_data["q"]:
        number = _page_number(request.GET.get("page"))
        results = search_elements(
            query=form.cleaned_data["q"],
            user=request.user,
            plan=form.cleaned_data["plan"],
            kind=form.cleaned_data["kind"] or None,
            limit=PAGE_SIZE,
            offset=(number - 1) * PAGE_SIZE,
        )
        if results.total and not results.hits:
            # A page past the end (an old link): show the last page instead.
            number = (results.total - 1) // PAGE_SIZE + 1
            results = search_elements(
                query=form.cleaned_data["q"], user=request.user, plan=form.cleaned_data["plan"],
                kind=form.cleaned_data["kind"] or None, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE,
            )
        page = _pagination(request, number=number, total=results.total)
    return render(
        request,
        "search/search.html",
        {
            "form": form,
            "typed": UNPRINTABLE.sub("", request.GET.get("q", "")),
            "results": results,
            "pagination": page,
            "plan_links": _plan_links(request, results) if results and not form.cleaned_data["plan"] else [],
        },
    )


def _plan_links(request, results) -> list[dict]:
    """Narrow the same search to one plan: the counts per plan, each a link."""
    links = []
    for plan_count in results.plan_counts:
        params = request.GET.copy()
        params["plan"] = plan_count.plan.slug
        params.pop("page", None)
        links.append({"plan": plan_count.plan, "count": plan_count.count, "href": "?" + params.urlencode()})
    return links


def _pagination(request, *, number: int, total: int) -> dict | None:
    """GOV.UK pagination: previous/next links and page numbers with gaps, same query string."""
    pages = Paginator(range(total), PAGE_SIZE).num_pages if total else 1
    if pages <= 1:
        return None

    def href(n: int) -> str:
        params = request.GET.copy()
        params["page"] = str(n)
        return "?" + params.urlencode()

    items, previous = [], 0
    for n in range(1, pages + 1):
        if n in (1, pages) or abs(n - number) <= 1:
            if previous and n - previous > 1:
                items.append({"ellipsis": True})
            items.append({"number": n, "href": href(n), "current": n == number})
            previous = n
    return {
        "items": items,
        "previous": href(number - 1) if number > 1 else None,
        "next": href(number + 1) if number < pages else None,
    }
