"""The generic words planners use for the parts of a plan.

These are the only words the importer knows: "priorities", "outputs", "milestones",
"pledges", "themes", "objectives", "implications" and so on, as any council's plan uses
them. No rule here names a paper, a body or a heading of a particular plan.
"""

from __future__ import annotations

import re

# Order matters: the more specific phrase first.
KIND_WORDS: list[tuple[str, re.Pattern]] = [
    ("key_event", re.compile(r"\b(key (political )?events?|policy calendar|political events?|key dates)\b", re.I)),
    ("equality_objective", re.compile(r"\bequalit(y|ies)\b", re.I)),
    ("sub_priority", re.compile(r"\bsub-?priorit(y|ies)\b", re.I)),
    ("core_area", re.compile(r"\bcore areas?\b", re.I)),
    ("pledge", re.compile(r"\b(pledges?|manifesto)\b", re.I)),
    ("milestone", re.compile(r"\bmilestones?\b", re.I)),
    ("output", re.compile(r"\b(outputs?|deliverables?)\b", re.I)),
    ("implication", re.compile(r"\bimplications?\b", re.I)),
    ("principle", re.compile(r"\b(principles?|values)\b", re.I)),
    ("purpose", re.compile(r"\b(purposes?|missions?|visions?)\b", re.I)),
    ("theme", re.compile(r"\bthemes?\b", re.I)),
    ("objective", re.compile(r"\bobjectives?\b", re.I)),
    ("directorate", re.compile(r"\bdirectorates?\b", re.I)),
    ("portfolio", re.compile(r"\bportfolios?\b", re.I)),
    ("priority", re.compile(r"\b(priorit(y|ies)|work ?areas?|work ?streams?)\b", re.I)),
]

#: Words that say nothing about what a heading holds ("Our key themes for 2019/20").
_FILLER = frozenset(
    "our the a an and of to for in on key main core over-arching overarching headline strategic "
    "list summary set following detail detailed full plan plans business text introduction "
    "appendix annex schedule one two three four five six seven eight nine ten this year years "
    "organisational corporate council councils councils' council's".split()
)
_LABEL = re.compile(
    r"^\s*(outputs?|deliverables?|milestones?|key milestones|actions?|key actions|outcomes?|"
    r"success measures?|notes?|priorities|key priorities|work areas|pledges|sub-priorities)\s*:?\s*$",
    re.I,
)
_NOTE_LABEL = re.compile(r"^\s*notes?\s*:", re.I)
_FRONT_WORDS = re.compile(
    r"^\s*(\d+(\.\d+)*\.?\s*)?(recommendations?|summary|contents|table of contents|appendices|"
    r"attachments|background papers|list of appendices)\s*:?\s*$",
    re.I,
)
#: The headings of a report's own sections, which number them like a list ("1. Background").
_REPORT_HEADING = re.compile(
    r"^\s*(background|introduction|conclusions?|next steps|consultation|options( considered)?|"
    r"reasons? for (the )?recommendations?|legal (comments|advice)|financial (comments|advice)|"
    r"purpose of (the )?report|risks?( management)?)\s*:?\s*$",
    re.I,
)
#: A report's section on what a decision means ("Financial implications", "Equalities implications").
_IMPLICATIONS_HEADING = re.compile(r"^\s*(?:[A-Za-z&,’'/-]+\s+){0,4}implications?\s*:?\s*$", re.I)
_DESCRIPTIVE_LEAD = re.compile(
    r"\b(describe|describes|described|divided into|such as|for example|e\.g\.|are asked to|"
    r"is asked to|questions?)\b",
    re.I,
)
_APPENDIX = re.compile(r"^\s*(appendix|annex|schedule|part)\b", re.I)
_YEARS = re.compile(r"\b\d{4}(?:\s*[/-]\s*\d{2,4})?\b")


#: Any of the kinds' words: most texts have none, and are answered with one search.
_ANY_KIND = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in KIND_WORDS), re.I)


def kinds_in(text: str) -> list[str]:
    """Every kind whose word appears in the text, most specific first."""
    found = []
    if not _ANY_KIND.search(text):
        return found
    for kind, pattern in KIND_WORDS:
        if pattern.search(text):
            found.append(kind)
    if "equality_objective" in found and "objective" in found:
        found.remove("objective")
    if "sub_priority" in found and "priority" in found:
        found.remove("priority")
    if "key_event" in found and "milestone" in found:
        found.remove("milestone")
    return found


def kind_in(text: str) -> str:
    found = kinds_in(text)
    return found[0] if found else ""


def label_kind(text: str) -> str:
    """'output' for a line reading "Outputs", 'milestone' for "Milestones:", 'note' for "Note:"."""
    if _NOTE_LABEL.match(text) and len(text.split()) <= 60:
        return "note"
    match = _LABEL.match(text)
    if not match:
        return ""
    word = match.group(1).lower()
    if word.startswith("note"):
        return "note"
    if word.startswith(("output", "deliverable")):
        return "output"
    if "milestone" in word:
        return "milestone"
    if word.startswith(("outcome", "success")):
        return "outcome"
    if word.startswith("sub-priorit"):
        return "sub_priority"
    if "priorit" in word or word.startswith("work area"):
        return "priority"
    if word.startswith("pledge"):
        return "pledge"
    return "action"


def is_group_heading(text: str) -> bool:
    """A heading that only names what follows ("Key themes", "Our pledges", "Appendix One")."""
    if not kinds_in(text) and not _APPENDIX.match(text):
        return False
    words = re.sub(r"[^a-z0-9' -]+", " ", _YEARS.sub(" ", text.lower())).split()
    rest = []
    for word in words:
        if word in _FILLER or word.isdigit():
            continue
        if any(p.fullmatch(word) or p.search(word) for _, p in KIND_WORDS):
            continue
        rest.append(word)
    leftovers = [w for w in rest if w not in ("political", "events", "areas", "area")]
    return not leftovers


def is_major_heading(text: str) -> bool:
    """A heading that starts a main part of the document: an appendix, a heading that only
    names a part of a plan ("Key themes"), or one all in capitals."""
    if _APPENDIX.match(text) and len(text.split()) <= 4:
        return True
    if is_group_heading(text):
        return True
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 6 and all(c.isupper() for c in letters)


def is_front_matter_heading(text: str) -> bool:
    return bool(_FRONT_WORDS.match(text))


def is_report_heading(text: str) -> bool:
    """A report's own section heading ("Background", "Next steps"), not a part of the plan."""
    return bool(_REPORT_HEADING.match(text))


def is_implications_heading(text: str) -> bool:
    """A report's "Financial implications", "Legal implications", "Equalities implications"."""
    return bool(_IMPLICATIONS_HEADING.match(text))


def is_report_section(text: str) -> bool:
    """A heading a committee report numbers its own sections with ("1. Introduction",
    "5. Financial implications", "8. Appendices"), as opposed to a part of the plan."""
    return is_report_heading(text) or is_front_matter_heading(text) or is_implications_heading(text)


def is_descriptive_lead(text: str) -> bool:
    """A sentence introducing a list that describes rather than commits ("Our pledges describe:")."""
    return bool(_DESCRIPTIVE_LEAD.search(text))
