"""The tree and front matter, written as a plan JSON v1 dictionary with status "draft"."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from django.utils.text import slugify

from civicplan.core.periods import Precision, find_periods, parse_period

from .structure.dates import read_column_date
from .structure.frontmatter import FrontMatter
from .structure.tree import Node

PREFIX = {
    "purpose": "pur", "principle": "prin", "theme": "th", "core_area": "ca", "objective": "obj",
    "sub_priority": "sp", "portfolio": "pf", "section": "sec", "service": "svc", "priority": "pr",
    "output": "out", "milestone": "ms", "pledge_area": "pa", "pledge": "pl", "directorate": "dir",
    "equality_objective": "eq", "key_event": "ke", "implication": "imp", "other": "p",
}
NAMES = {
    "purpose": ("Purpose", "Purposes"), "principle": ("Principle", "Principles"),
    "theme": ("Theme", "Themes"), "core_area": ("Core area", "Core areas"),
    "objective": ("Objective", "Objectives"), "sub_priority": ("Sub-priority", "Sub-priorities"),
    "portfolio": ("Portfolio", "Portfolios"), "section": ("Section", "Sections"),
    "service": ("Service", "Services"), "priority": ("Priority", "Priorities"),
    "output": ("Output", "Outputs"), "milestone": ("Milestone", "Milestones"),
    "pledge_area": ("Pledge area", "Pledge areas"), "pledge": ("Pledge", "Pledges"),
    "directorate": ("Directorate", "Directorates"),
    "equality_objective": ("Equality objective", "Equality objectives"),
    "key_event": ("Key political event", "Key political events"),
    "implication": ("Implication", "Implications"), "other": ("Other", "Other"),
}
_PLAN_KINDS = [
    ("milestones_plan", re.compile(r"\bmilestones?\b", re.I)),
    ("business_plan", re.compile(r"\b(business|corporate|council|service|delivery)\s+plan\b", re.I)),
    ("work_programme", re.compile(r"\bwork\s+programme\b", re.I)),
    ("strategy_review", re.compile(r"\b(review|challenge|strategy)\b", re.I)),
]
_NAME = r"((?:[A-Z][\w&-]*\s+){0,5}[A-Z][\w&-]*?)"
#: "Northmoor District Council's Corporate Plan": a possessive opening the title names the body.
_ORG_POSSESSIVE = re.compile(rf"^(?:the\s+)?{_NAME}(?:['’]s|(?<=s)['’])\s+\S")
#: Words an organisation's name ends with ("... City Council", "... Combined Authority").
_ORG_WORD = r"(?:councils?|authority|borough|county|partnership|trust|association|commission|agency)"
#: "Leeds City Council Plan 2024", or a line of its own naming the body: "Harbourside Combined Authority".
_ORG_NAMED = re.compile(rf"^(?:the\s+)?((?:[A-Z][\w&-]*\s+){{1,5}}(?i:{_ORG_WORD}))(?=['’]?s?\s|['’]?s?$)")
_ORG_LINE = re.compile(rf"^(?:the\s+)?((?:[A-Z][\w&-]*\s+){{1,5}}(?i:{_ORG_WORD}))$")
_NOT_NAMES = frozenset({"the", "our", "draft", "a", "an", "this"})


def guess_organisation(title: str, text: str, known: list[str] = (), named: str = "") -> str:
    """Who the plan belongs to: the known organisation the text names most; else the body named
    at the start of the title ("X's Shared Ambitions", "X City Council Plan", "X Councils Business
    Plan"), or on a line of its own at the top of the document ("X Combined Authority"; `named`
    is such a line the report header was read with)."""
    counts = Counter()
    for name in known:
        if name and name in text:
            counts[name] = text.count(name)
    if counts:
        return counts.most_common(1)[0][0]
    if named:
        return named
    title = title.strip()
    candidates = [title] + [line.strip() for line in text.splitlines()[:12] if 0 < len(line.split()) <= 7]
    for pattern, lines in ((_ORG_NAMED, [title]), (_ORG_POSSESSIVE, [title]), (_ORG_LINE, candidates[1:])):
        for line in lines:
            match = pattern.match(line)
            if match and match.group(1).split()[0].lower() not in _NOT_NAMES:
                return match.group(1).strip()
    return "Unknown organisation"


def plan_kind(title: str) -> str:
    for kind, pattern in _PLAN_KINDS:
        if pattern.search(title):
            return kind
    return "other"


def unique_slug(base: str, taken: set[str]) -> str:
    base = (slugify(re.sub(r"[/_.]", "-", base))[:90].strip("-") or "imported-plan")
    if not re.match(r"^[a-z0-9]", base):
        base = f"plan-{base}"
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _plan_period(title: str) -> dict:
    for start, end, period in find_periods(title):
        if period.has_dates and period.precision in (Precision.FINANCIAL_YEAR, Precision.YEAR, Precision.SPAN):
            return {"start": period.start.isoformat() if period.start else None,
                    "end": period.end.isoformat() if period.end else None,
                    "text": title[start:end]}
    return {"start": None, "end": None, "text": ""}


def elements_of(root: Node) -> list[Node]:
    out = []

    def visit(node: Node):
        for child in node.children:
            out.append(child)
            visit(child)

    visit(root)
    return out


def build_plan(root: Node, fm: FrontMatter, *, source_name: str, organisation: str,
               slug: str = "", taken_slugs: set[str] = frozenset(), convention=None) -> dict:
    nodes = elements_of(root)
    counters: Counter[str] = Counter()
    for node in nodes:
        counters[node.kind] += 1
        node.id = f"{PREFIX.get(node.kind, 'el')}-{counters[node.kind]}"
    elements = []
    parents_of: dict[str, list] = {}
    order: list[str] = []
    for node in nodes:
        parent = node.parent if node.parent is not None and node.parent.role != "root" else None
        parent_kind = parent.kind if parent is not None else None
        if node.kind not in parents_of:
            parents_of[node.kind] = []
            order.append(node.kind)
        if parent_kind not in parents_of[node.kind]:
            parents_of[node.kind].append(parent_kind)
        element = {
            "id": node.id,
            "kind": node.kind,
            "parent": parent.id if parent is not None else None,
            "label": node.label or "",
            "title": (node.element_title or node.title or "(untitled)").strip(),
            "text": (node.element_text or "").strip(),
            "date_text": node.date_text or "",
        }
        if node.date_text:
            if node.role == "row":
                period = read_column_date(node.date_text, convention)
            else:
                period = parse_period(node.date_text) if convention is None else parse_period(node.date_text, convention)
            element["start"] = period.start.isoformat() if period.start else None
            element["end"] = period.end.isoformat() if period.end else None
            element["precision"] = period.precision.value
        else:
            element["start"] = element["end"] = None
        if node.note:
            element["note"] = node.note.strip()
        if node.owner:
            element["owner"] = node.owner.strip()
        element["links"] = [{"type": "contributes_to", "target": t.id} for t in node.links]
        elements.append(element)
    levels = []
    for kind in order:
        parents = parents_of[kind]
        kinds = [p for p in parents if p is not None]
        level_parents = ([None] + kinds) if (None in parents and kinds) else kinds
        name, plural = NAMES.get(kind, (kind, kind))
        levels.append({"kind": kind, "name": name, "plural": plural, "parents": level_parents})
    title = fm.title or Path(source_name).stem.replace("-", " ").replace("_", " ").strip() or "Imported plan"
    meta = {
        "slug": slug or unique_slug(fm.title or Path(source_name).stem, set(taken_slugs)),
        "title": title[:300],
        "kind": plan_kind(title),
        "status": "draft",
        "organisation": organisation[:200],
        "committee": fm.committee[:200],
        "item_no": fm.item_no[:20],
        "meeting_date": fm.meeting_date,
        "report_by": fm.report_by[:200],
        "job_title": fm.job_title[:200],
        "contact_officer": fm.contact_officer[:200],
        "contact_email": fm.contact_email[:254],
        "contact_phone": fm.contact_phone[:50],
        "summary": fm.summary,
        "recommendations": list(fm.recommendations),
        "plan_period": _plan_period(title),
        "source_document": Path(source_name).name[:300],
        "predecessor": None,
    }
    return {"format": "civicplan-plan", "version": 1, "meta": meta,
            "framework": {"levels": levels}, "elements": elements}


def framework_for(elements: list[dict]) -> dict:
    """The framework a list of elements needs: each kind used, and the kinds it sits under."""
    by_id = {e["id"]: e for e in elements}
    order: list[str] = []
    parents_of: dict[str, list] = {}
    for element in elements:
        kind = element["kind"]
        parent = by_id.get(element["parent"]) if element["parent"] else None
        if kind not in parents_of:
            parents_of[kind] = []
            order.append(kind)
        parent_kind = parent["kind"] if parent is not None else None
        if parent_kind not in parents_of[kind]:
            parents_of[kind].append(parent_kind)
    levels = []
    for kind in order:
        parents = parents_of[kind]
        kinds = [p for p in parents if p is not None]
        name, plural = NAMES.get(kind, (kind, kind))
        levels.append({"kind": kind, "name": name, "plural": plural,
                       "parents": ([None] + kinds) if (None in parents and kinds) else kinds})
    return {"levels": levels}


def parents_first(elements: list[dict]) -> list[dict]:
    """Document order, except that a parent always comes before its children."""
    by_id = {e["id"]: e for e in elements}
    children: dict[str | None, list[dict]] = {}
    for element in elements:
        parent = element["parent"] if element["parent"] in by_id else None
        element["parent"] = parent
        children.setdefault(parent, []).append(element)
    out: list[dict] = []
    seen: set[str] = set()

    def visit(parent):
        for element in children.get(parent, []):
            if element["id"] in seen:
                continue
            seen.add(element["id"])
            out.append(element)
            visit(element["id"])

    visit(None)
    return out
