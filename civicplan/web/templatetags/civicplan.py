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


def rag_tag_html(status) -> str:
    """The status tag (text plus shape, never colour alone) as in includes/rag_tag.html."""
    from django.utils.html import format_html

    if status.rag:
        label = status.rag_label + (" (rolled up)" if status.rolled_up else "")
        html = format_html('<strong class="govuk-tag app-rag app-rag--{}">{}</strong>', _RAG_CLASS.get(status.rag, "grey"), label)
    else:
        html = '<strong class="govuk-tag govuk-tag--grey">No update</strong>'
    if status.overdue:
        html += ' <strong class="govuk-tag govuk-tag--red">Overdue</strong>'
    return html


@register.simple_tag
def plan_tree(rows, level_names: dict, element_base: str):
    """The whole plan tree as nested lists.

    Written in Python rather than as a template loop because a plan can hold thousands of
    elements and the page must stay fast; every value is escaped by format_html.
    """
    from django.utils.html import escape, format_html
    from django.utils.safestring import mark_safe

    parts = ['<ul class="app-plan-tree">']
    for row in rows:
        status, e = row.status, row.status.element
        names = level_names.get(e.kind)
        kind_name = names[0] if names else e.kind.replace("_", " ").capitalize()
        parts.append(format_html(
            '<li class="app-plan-tree__item app-plan-tree__item--{}" id="el-{}">'
            '<span class="govuk-caption-s app-plan-tree__kind">{}{}</span>'
            '<p class="govuk-body govuk-!-font-weight-bold govuk-!-margin-bottom-1">'
            '<a class="govuk-link govuk-link--no-visited-state" href="{}{}/">{}</a></p>',
            e.kind, e.key, kind_name, f" {e.label}" if e.label else "", element_base, e.key, e.title,
        ))
        if e.text and e.text != e.title:
            parts.append('<p class="govuk-body-s govuk-!-margin-bottom-1">' + escape(e.text).replace("\n", "<br>") + "</p>")
        if e.date_text:
            dates = f" ({e.target_period.label()})" if (e.date_start or e.date_end) else ""
            parts.append(format_html(
                '<p class="govuk-body-s govuk-!-margin-bottom-1"><span class="govuk-!-font-weight-bold">Target:</span> {}{}</p>',
                e.date_text, dates,
            ))
        if status.rag or status.overdue:
            done = f" {status.percent:.0f}% complete" if status.rag else ""
            parts.append('<p class="govuk-body-s govuk-!-margin-bottom-1">' + rag_tag_html(status) + done + "</p>")
        if e.note:
            parts.append(format_html('<div class="govuk-inset-text govuk-!-margin-top-1 govuk-!-margin-bottom-1">{}</div>', e.note))
        parts.append('<ul class="app-plan-tree">' if row.opens else "</li>")
        parts.append("</ul></li>" * len(row.closes))
    parts.append("</ul>")
    return mark_safe("".join(parts))
