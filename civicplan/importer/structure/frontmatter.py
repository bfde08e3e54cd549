"""The committee-report header: body, title, item no, report by, date, contact, summary, recommendations.

Reports print these as "Label: value" pairs, often two to a line and sometimes with the
value on the line before its label (a two-column header read left to right). The header
ends where the recommendations end; what follows is the body.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from civicplan.core.periods import Precision, find_period, parse_period

from ..document import Block
from .vocab import is_group_heading

#: Each field's labels, in any case ("AUTHOR:", "Date of meeting:"), with their common
#: synonyms. "Meeting:" names the meeting, or its date when its value is one.
_LABELS = {
    "committee": r"report(?:ing)?\s+to|committee|decision[- ]maker|meeting(?:\s+of)?",
    "item_no": r"item\s*(?:no\.?|number)|agenda\s+item(?:\s+(?:no\.?|number))?",
    "report_by": r"report\s+(?:by|of|from)|(?:report\s+)?authors?|(?:written|prepared|submitted)\s+by",
    "job_title": r"job\s+title|designation|post\s+title",
    "meeting_date": r"date(?:\s+of\s+(?:the\s+)?meeting)?|meeting\s+date",
    "contact_officer": r"contact\s+officer|lead\s+officer|contact(?:\s+details)?",
    "contact_phone": r"telephone(?:\s+number)?|tel\.?|phone(?:\s+number)?|direct\s+line",
    "contact_email": r"e-?mail(?:\s+address)?",
}
_LABEL_RE = re.compile(
    r"(?<![A-Za-z])(" + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()) + r")\s*:",
    re.IGNORECASE,
)
_SUMMARY = re.compile(r"^(?:summary|purpose of (?:the )?report|executive summary)\b\s*:?\s*", re.IGNORECASE)
_RECOMMENDATIONS = re.compile(r"^recommendations?\b\s*:?\s*", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.'’+-]+@[\w-]+(?:\.[\w-]+)+")
_BODY_WORDS = re.compile(
    r"\b(committee|executive|cabinet|council|board|panel|forum|assembly|authority|sub-committee)\b",
    re.IGNORECASE,
)
#: A meeting that takes a report ("Cabinet", "Leaders' Committee", "Overview and Scrutiny Panel").
_MEETING_WORDS = re.compile(
    r"\b(committee|executive|cabinet|board|panel|forum|assembly|sub-committee|scrutiny|full council)\b|^council$",
    re.IGNORECASE,
)
#: A line that only names an organisation ("Westbrook Borough Council", "Harbourside Combined Authority").
_ORGANISATION_LINE = re.compile(
    r"^(?:the\s+)?(?:[A-Z][\w&'’-]*\s+){1,5}(?:councils?|authority|borough|county|partnership|trust|"
    r"association|commission|agency)$",
    re.IGNORECASE,
)
#: "Agenda Item 6", "Item No. 4" printed with no colon, at the start or end of a header line.
_ITEM_BARE = re.compile(
    r"(?:^|\s)(?:agenda\s+)?item(?:\s+no\.?)?\s+(\d{1,3}[a-z]?)\s*$|^(?:agenda\s+)?item(?:\s+no\.?)?\s+(\d{1,3}[a-z]?)\b\s*",
    re.IGNORECASE,
)
#: Words that make a line look like the title of a plan rather than a heading of the report.
_TITLE_WORDS = re.compile(
    r"\b(plans?|strateg(?:y|ies)|programmes?|milestones|ambitions|priorities|objectives|framework)\b|\b\d{4}\s*[/-]\s*\d{2,4}\b",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w@.])(?:\+44\s?\(?0?\)?|0)\d[\d ]{7,12}\d(?![\w@])")


@dataclass
class FrontMatter:
    title: str = ""
    committee: str = ""
    organisation: str = ""  # a line of its own naming the body above the report ("Westbrook Borough Council")
    item_no: str = ""
    meeting_date: str | None = None
    meeting_date_text: str = ""
    report_by: str = ""
    job_title: str = ""
    contact_officer: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    summary: str = ""
    recommendations: list[str] = field(default_factory=list)
    consumed: int = 0  # how many blocks from the start belong to the header
    author_email: str = ""  # printed with the author's name: the contact's, if none is given
    author_phone: str = ""


#: Brackets left with nothing but punctuation in them where a field was empty: "(, )", "[ ]".
_EMPTY_BRACKETS = re.compile(r"\s*[(\[{]\s*[\s,;:/|–—-]*\s*[)\]}]")


def _clean_value(text: str) -> str:
    """A value as printed, without the punctuation an empty field leaves ("(, )", " , ",
    "-"): a value of punctuation only is no value."""
    text = _EMPTY_BRACKETS.sub("", text)
    text = re.sub(r"\s*([,;])(?:\s*[,;])+", r"\1", text)  # "Jo Patel, , 01632" -> "Jo Patel, 01632"
    text = text.strip(" \t:;,-–—|/").strip()
    return text if any(c.isalnum() for c in text) else ""


def _is_heading_like(block: Block) -> bool:
    text = block.text
    return (
        block.role in ("para", "heading")
        and 0 < len(text.split()) <= 16
        and not text.endswith((".", ";", ",", ":"))
        and (text[:1].isupper() or text[:1].isdigit())
    )


def _title_case(text: str) -> str:
    """An all-capitals title as people write it ("LONDON COUNCILS BUSINESS PLAN" -> "London Councils Business Plan")."""
    if not (text.isupper() and any(c.isalpha() for c in text)):
        return text
    small = {"and", "of", "the", "for", "to", "in", "on", "a", "an", "by", "with"}
    words = []
    for index, word in enumerate(text.split()):
        lower = word.lower()
        words.append(lower if index and lower in small else lower[:1].upper() + lower[1:])
    return " ".join(words)


def read_front_matter(blocks: list[Block], *, window: int = 40) -> FrontMatter:
    """Read the report header from the first blocks; `consumed` says where the body starts."""
    fm = FrontMatter()
    head = blocks[:window]
    found_label_at: list[int] = []
    orphans: list[tuple[int, str]] = []  # short lines that are values printed apart from their label
    title_parts: list[tuple[int, str]] = []
    pending_empty: list[tuple[int, str]] = []
    summary_at = recommendations_at = None
    summary_last = -10
    end = 0

    label_positions = [i for i, b in enumerate(head) if _LABEL_RE.search(b.text)]
    for index, block in enumerate(head):
        text = block.text
        lead = block.bold_lead.rstrip(":").strip().lower() if block.bold_lead else ""
        if _SUMMARY.match(text) or lead == "summary":
            if summary_at is None:
                summary_at = index
                fm.summary = _SUMMARY.sub("", text, count=1).strip()
                summary_last = index
                end = max(end, index + 1)
                continue
        if _RECOMMENDATIONS.match(text) or lead in ("recommendation", "recommendations"):
            if recommendations_at is None:
                recommendations_at = index
                rest = _RECOMMENDATIONS.sub("", text, count=1).strip()
                fm.recommendations = []
                items = _recommendation_items(blocks, index + 1)
                if items:
                    fm.recommendations = [i.text for i in items]
                    end = max(end, index + 1 + len(items))
                elif rest:
                    fm.recommendations = [rest]
                    end = max(end, index + 1)
                else:
                    end = max(end, index + 1)
                continue
        summary_label = head[summary_at].label if summary_at is not None else ""
        own_paragraph = bool(summary_label) and block.marker == "decimal" and block.label.startswith(f"{summary_label}.")
        if summary_at is not None and recommendations_at is None and index == summary_last + 1 \
                and (own_paragraph or (block.role == "para" and not _LABEL_RE.search(text) and not _is_heading_like(block))):
            # "1. Purpose of the report" and its paragraphs 1.1, 1.2: the report's summary.
            fm.summary = f"{fm.summary} {text}".strip()
            summary_last = index
            end = max(end, index + 1)
            continue
        bare_item = _ITEM_BARE.search(text) if index < 15 and not fm.item_no and not _LABEL_RE.search(text) else None
        if bare_item:
            fm.item_no = bare_item.group(1) or bare_item.group(2)
            end = max(end, index + 1)
            text = (text[: bare_item.start()] + " " + text[bare_item.end():]).strip()
            if not text:
                continue
            block = Block(text=text, role=block.role, bold=block.bold)
        matches = list(_LABEL_RE.finditer(text))
        if matches:
            found_label_at.append(index)
            end = max(end, index + 1)
            before = text[: matches[0].start()].strip()
            if before:
                title_parts.append((index, before))
            for number, match in enumerate(matches):
                name = match.lastgroup or ""
                name = next(k for k in _LABELS if match.group(k))
                stop = matches[number + 1].start() if number + 1 < len(matches) else len(text)
                value = _clean_value(text[match.end():stop])
                if name == "item_no":
                    token, _, remainder = value.partition(" ")
                    value = token
                    if remainder.strip():
                        title_parts.append((index, remainder.strip()))
                if not value:
                    pending_empty.append((index, name))
                    continue
                _set(fm, name, value)
            continue
        if index < 25 and block.role == "para" and len(text.split()) <= 5 and not fm.title and _looks_like_name(text) \
                and not _BODY_WORDS.search(text) and not _TITLE_WORDS.search(text) \
                and any(abs(index - i) <= 3 for i in label_positions):
            orphans.append((index, text))
            continue
        if index < 12 and not fm.committee and _is_heading_like(block) and _BODY_WORDS.search(text) and len(text.split()) <= 5 \
                and (_MEETING_WORDS.search(text) or (not title_parts and not fm.title and not _ORGANISATION_LINE.match(text))) \
                and not _TITLE_WORDS.search(text):
            fm.committee = text
            end = max(end, index + 1)
            continue
        if index < 12 and _ORGANISATION_LINE.match(text) and not title_parts:
            fm.organisation = fm.organisation or text  # the organisation's name above the report: not its title
            end = max(end, index + 1)
            continue
        if index < 15 and title_parts and _is_heading_like(block) and not is_group_heading(text) \
                and _TITLE_WORDS.search(text) and not any(_TITLE_WORDS.search(p) for _, p in title_parts) \
                and (index <= end or not (found_label_at or summary_at is not None or recommendations_at is not None)):
            title_parts = [(index, text)]  # a line naming a plan ("Corporate Plan 2025-2028") is the title
            end = max(end, index + 1)
            continue
        if _is_heading_like(block) and not title_parts and not fm.title and index < 15 and not is_group_heading(text) \
                and not _only_a_date(text):
            title_parts.append((index, text))
            end = max(end, index + 1)
            continue
        if found_label_at or summary_at is not None or recommendations_at is not None:
            if recommendations_at is not None and index < end:
                continue
            # Past the header: stop at the first thing that is not a label.
            if index >= end:
                break
    for index, name in pending_empty:
        candidates = [o for o in orphans if abs(o[0] - index) <= 4]
        if candidates and not getattr(fm, name):
            closest = min(candidates, key=lambda o: abs(o[0] - index))
            _set(fm, name, closest[1])
            orphans.remove(closest)
            end = max(end, closest[0] + 1)
    if title_parts:
        first_index = title_parts[0][0]
        parts = [p for i, p in title_parts if i - first_index <= 3]
        fm.title = _title_case(_clean_value(" ".join(parts)))
    fm.consumed = end if (found_label_at or summary_at is not None or recommendations_at is not None) else (
        title_parts[0][0] + 1 if title_parts else 0
    )
    # Trailing label lines printed after the recommendations ("Job title: ...").
    while fm.consumed < len(blocks) and _LABEL_RE.match(blocks[fm.consumed].text):
        block = blocks[fm.consumed]
        for match in _LABEL_RE.finditer(block.text):
            name = next(k for k in _LABELS if match.group(k))
            value = _clean_value(block.text[match.end():])
            if value and not getattr(fm, name):
                _set(fm, name, value)
        fm.consumed += 1
    if not fm.title:
        for offset, block in enumerate(blocks[fm.consumed: fm.consumed + 5]):
            if is_group_heading(block.text):
                break
            if _is_heading_like(block) and not _only_a_date(block.text) and _clean_value(block.text):
                fm.title = _title_case(_clean_value(block.text))
                fm.consumed += offset + 1
                break
    for name in ("committee", "organisation", "item_no", "report_by", "job_title", "contact_officer",
                 "contact_email", "contact_phone", "summary", "meeting_date_text"):
        setattr(fm, name, _clean_value(getattr(fm, name)) if name != "summary" else getattr(fm, name).strip())
    fm.recommendations = [r for r in fm.recommendations if _clean_value(r)]
    fm.contact_email = fm.contact_email or fm.author_email
    fm.contact_phone = fm.contact_phone or fm.author_phone
    return fm


def _only_a_date(text: str) -> bool:
    """A line that is only a date or a year ("2025/26", "March 2026"): a heading, not a title."""
    return parse_period(text).has_dates


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) and not any(c.isdigit() for c in text)


def _recommendation_items(blocks: list[Block], start: int) -> list[Block]:
    """The list after "Recommendations": items of one list, numbered on from each other (a "1."
    after "2." starts the report's own numbered paragraphs)."""
    items: list[Block] = []
    for block in blocks[start:]:
        if block.role != "item" or not block.text:
            break
        if items:
            previous = items[-1]
            if block.style_key != previous.style_key:
                break
            if previous.label.isdigit() and block.label.isdigit() and int(block.label) != int(previous.label) + 1:
                break
        items.append(block)
    return items


def _set(fm: FrontMatter, name: str, value: str) -> None:
    value = _clean_value(value)
    if not value:
        return
    if name == "committee":
        # "Meeting: 9 June 2026" gives the date; "Meeting: Cabinet, 9 June 2026" both.
        found = find_period(value)
        if found and parse_period(value[found[0]:found[1]]).precision is Precision.DAY:
            if not fm.meeting_date:
                _set(fm, "meeting_date", value[found[0]:found[1]])
            value = _clean_value(value[:found[0]] + " " + value[found[1]:])
            if not value:
                return
    if name == "report_by" and (_EMAIL.search(value) or _PHONE.search(value)):
        # "Report author: Ravi Shah, ravi.shah@example.gov.uk": the author, and how to reach them.
        email, phone = _EMAIL.search(value), _PHONE.search(value)
        fm.author_email = email.group().strip(".") if email else fm.author_email
        fm.author_phone = phone.group().strip() if phone else fm.author_phone
        value = _clean_value(_PHONE.sub("", _EMAIL.sub("", value)))
    if name == "contact_officer":
        email = _EMAIL.search(value)
        if email:
            fm.contact_email = email.group().strip(".")
            value = _clean_value(_EMAIL.sub("", value).replace("()", "").strip())
        phone = _PHONE.search(value)
        if phone:
            if not fm.contact_phone:
                fm.contact_phone = phone.group().strip()
            value = _clean_value(re.sub(r"\s*,\s*,", ",", _PHONE.sub("", value)).replace("()", "").strip())
        fm.contact_officer = value
    elif name == "contact_email":
        if not fm.contact_email:
            email = _EMAIL.search(value)
            fm.contact_email = email.group().strip(".") if email else value
    elif name == "meeting_date":
        found = find_period(value)
        words = value[found[0]:found[1]] if found else value
        fm.meeting_date_text = words
        period = parse_period(words)
        if period.precision is Precision.DAY and period.start:
            fm.meeting_date = period.start.isoformat()
    elif name == "contact_phone":
        fm.contact_phone = value
    else:
        setattr(fm, name, value)
