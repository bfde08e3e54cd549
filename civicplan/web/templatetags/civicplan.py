from html import escape as html_escape

from django import template

register = template.Library()


@register.filter
def level_name(kind: str, level_names: dict) -> str:
    """What this plan calls a kind of element ("Objective", "Work area")."""
    names = level_names.get(kind)
    return names[0] if names else kind.replace("_", " ").capitalize()


@register.filter
def get_item(mapping: dict, key):
    return mapping.get(key, 0) if mapping else 0


_RAG_CLASS = {"red": "red", "amber": "amber", "green": "green", "complete": "blue", "not_started": "grey"}


_RAG_TAGS: dict[tuple, str] = {}


def rag_tag_html(status) -> str:
    """The status tag (text plus shape, never colour alone) as in includes/rag_tag.html.

    It depends on the status and its roll-up, overdue, dropped and added-later flags alone, so each
    variant is built once."""
    key = (status.rag, status.rolled_up, status.overdue, status.dropped, status.added_later, status.set_by_hand_note)
    html = _RAG_TAGS.get(key)
    if html is None:
        html = _RAG_TAGS[key] = _rag_tag_build(status)
    return html


def _rag_tag_build(status) -> str:
    from django.utils.html import format_html

    if status.rag:
        label = status.rag_label + (" (rolled up)" if status.rolled_up else "")
        html = format_html('<strong class="govuk-tag app-rag app-rag--{}">{}</strong>', _RAG_CLASS.get(status.rag, "grey"), label)
    else:
        html = '<strong class="govuk-tag govuk-tag--grey">No update</strong>'
    if status.set_by_hand_note:
        html += format_html(' <span class="govuk-body-s app-status-note">{}</span>', status.set_by_hand_note[:1].upper() + status.set_by_hand_note[1:])
    if status.overdue:
        html += ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
    if status.dropped:
        html += ' <strong class="govuk-tag govuk-tag--grey">Dropped</strong>'
    if status.added_later:
        html += ' <strong class="govuk-tag govuk-tag--grey">Added later</strong>'
    return html


def _esc(value) -> str:
    """What format_html and autoescape write for a value (Django's escape is html.escape),
    without their per-call overhead: the plan tree escapes thousands of values."""
    return value.__html__() if hasattr(value, "__html__") else html_escape(str(value))


@register.simple_tag
def plan_tree(rows, level_names: dict, element_base: str, query: str = ""):
    """The whole plan tree as nested lists.

    Written in Python rather than as a template loop because a plan can hold thousands of
    elements and the page must stay fast; every value is escaped.
    """
    from django.utils.safestring import mark_safe

    base = _esc(element_base)
    query = _esc(query)  # "?as_at=..." to keep on the links
    kind_names: dict[str, str] = {}
    parts = ['<ul class="app-plan-tree">']
    append = parts.append
    for row in rows:
        status = row.status
        e = status.element
        kind = e.kind
        kind_name = kind_names.get(kind)
        if kind_name is None:
            names = level_names.get(kind)
            kind_name = kind_names[kind] = _esc(names[0] if names else kind.replace("_", " ").capitalize())
        key = _esc(e.key)
        append(
            f'<li class="app-plan-tree__item app-plan-tree__item--{_esc(kind)}" id="el-{key}">'
            f'<span class="govuk-caption-s app-plan-tree__kind">{kind_name}{_esc(f" {e.label}") if e.label else ""}</span>'
            f'<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">'
            f'<a class="govuk-link govuk-link--no-visited-state" href="{base}{key}/{query}">{_esc(e.title)}</a></p>'
        )
        if e.text and e.text != e.title:
            append('<p class="govuk-body-s govuk-!-margin-bottom-1">' + html_escape(e.text).replace("\n", "<br>") + "</p>")
        if e.date_text:
            dates = f" ({e.target_period.label()})" if (e.date_start or e.date_end) else ""
            append(
                '<p class="govuk-body-s govuk-!-margin-bottom-1"><span class="govuk-!-font-weight-bold">Target:</span> '
                f"{_esc(e.date_text)}{_esc(dates)}</p>"
            )
        if status.rag or status.overdue or not status.in_plan:
            done = f" {status.percent:.0f}% complete" if status.rag else ""
            append('<p class="govuk-body-s govuk-!-margin-bottom-1">' + rag_tag_html(status) + done + "</p>")
        if e.note:
            append(f'<div class="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-1">{_esc(e.note)}</div>')
        append('<ul class="app-plan-tree">' if row.opens else "</li>")
        append("</ul></li>" * len(row.closes))
    append("</ul>")
    return mark_safe("".join(parts))


@register.simple_tag
def result_rows(statuses, level_names: dict, plan, query: str = ""):
    """The rows of the plan page's filtered results table, as the template loop wrote them
    (a page holds up to a hundred results); every value is escaped."""
    from urllib.parse import quote

    from django.template.defaultfilters import floatformat
    from django.urls import reverse
    from django.utils.http import RFC3986_SUBDELIMS
    from django.utils.safestring import mark_safe
    from django.utils.text import Truncator

    sentinel = "KEY0SENTINEL"
    prefix, suffix = reverse("web:element-detail", args=[plan.slug, sentinel]).split(sentinel)

    def element_url(key: str) -> str:
        # As {% url %} writes it: reverse() quotes the key with these safe characters.
        if not key or "/" in key:
            return reverse("web:element-detail", args=[plan.slug, key])
        return prefix + quote(key, safe=RFC3986_SUBDELIMS + "/~:@") + suffix

    parts = []
    for s in statuses:
        e = s.element
        parts.append(
            '<tr class="govuk-table__row">\n'
            f'    <td class="govuk-table__cell"><span class="govuk-caption-s">{_esc(level_name(e.kind, level_names))} '
            f'{_esc(e.label)}</span> <a class="govuk-link" href="{_esc(element_url(e.key) + query)}">'
            f"{_esc(Truncator(e.title).chars(140))}</a></td>\n"
            f'    <td class="govuk-table__cell">{_esc(e.date_text or "–")}</td>\n'
            f'    <td class="govuk-table__cell">{rag_tag_html(s)}\n</td>\n'
            f'    <td class="govuk-table__cell govuk-table__cell--numeric">{_esc(floatformat(s.percent, 0)) + "%" if s.rag else "–"}</td>\n'
            "  </tr>"
        )
    return mark_safe("".join(parts))
