"""What each node of the tree is: a theme, a priority, an output, a milestone, a pledge...

Read from structure and the planner's generic words, never from the wording of a particular
plan: the label before a list ("Outputs"), the sentence introducing it ("We will:", "the
following set of principles:"), the heading above it ("Key themes"), what the item sits
under (a lettered list under a priority holds outputs), and the item's shape (a short name
with no date under an objective is a sub-priority; a dated deliverable is a milestone).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass

from civicplan.core.periods import find_periods

from .evidence import HIGH, LOW, MEDIUM, because, kind_name, placed, table_columns
from .evidence import quote as _quote
from .tree import Node
from .vocab import (
    is_descriptive_lead,
    is_front_matter_heading,
    is_group_heading,
    is_implications_heading,
    is_report_heading,
    is_report_section,
    kinds_in,
)

def _plural(kind: str) -> str:
    return kind_name(kind, plural=True)


def _singular(kind: str) -> str:
    return kind_name(kind)


CONTAINER_KINDS = frozenset({"portfolio", "section", "directorate", "service"})
ITEM_KINDS = frozenset({
    "purpose", "principle", "theme", "core_area", "objective", "sub_priority", "priority", "output",
    "milestone", "pledge", "equality_objective", "key_event", "other", "pledge_area",
})
_TRAILING_PAREN = re.compile(r"\(([^()]*)\)\s*\.?\s*$")


@dataclass(frozen=True)
class Ctx:
    list_kind: str = ""  # what the parent says its direct children are
    deep: tuple[str, ...] = ()  # words from headings above, nearest first
    portfolio_depth: int = -1  # heading levels below a heading that says "portfolio"


def without_refs(text: str) -> str:
    match = _TRAILING_PAREN.search(text) if ")" in text else None
    if match and not find_periods(match.group(1)):
        return text[: match.start()].rstrip()
    return text


def dated(node: Node) -> bool:
    if node.row.get("date"):
        return True
    return bool([p for _, _, p in find_periods(without_refs(node.title)) if p.has_dates or p.precision.value == "tbc"])


def date_first(node: Node) -> bool:
    found = find_periods(node.title)
    return bool(found) and found[0][0] <= 1


def short_name(node: Node) -> bool:
    text = node.title.strip()
    return 0 < len(text.split()) <= 8 and not text.endswith((".", ";", ":")) and not dated(node)


def has_refs(node: Node) -> bool:
    match = _TRAILING_PAREN.search(node.title) if ")" in node.title else None
    return bool(match) and not find_periods(match.group(1)) and len(match.group(1).split()) >= 1


def _intro_kind(node: Node) -> str:
    """A kind named by the text that introduces a node's children ("themes were discussed including:")."""
    text = node.text if node.role != "heading" else " ".join(node.paras)
    if node.role in ("item", "implicit") and not node.paras:
        text = node.title
    tail = text.rstrip()
    if not (tail.endswith(":") or re.search(r"\b(below|following|as follows)\W*$", tail, re.I)):
        return ""
    kinds = [k for k in kinds_in(text) if k not in CONTAINER_KINDS]
    return kinds[0] if kinds else ""


def _number_chains(root: Node) -> tuple[list[list[Node]], dict[tuple[int, str], list[Node]]]:
    """Numbered lists whose numbering carries on from one to the next ("5." after "4.",
    under the next heading), and "2.1" paragraphs grouped by the item and depth they sit in."""
    decimals: dict[tuple[int, str], list[Node]] = {}
    chains: list[tuple[str, list[Node]]] = []
    for node in root.walk():
        if node.role == "item" and node.marker in ("number", "decimal") and node.parent is not None:
            if node.marker == "decimal":
                decimals.setdefault((id(node.parent), f"decimal{node.label.count('.')}"), []).append(node)
                continue
            # Word gives each list its own numbering; a list that starts where another stopped
            # ("5." after "4.", under the next heading) is the same run of report paragraphs.
            family = re.sub(r"^word:[^:@]*:", "word:", node.style_key)
            value = int(node.label) if node.label.isdigit() else None
            chain = next((c for f, c in reversed(chains) if f == family and value is not None
                          and c[-1].label.isdigit() and int(c[-1].label) + 1 == value), None)
            if chain is None:
                chains.append((family, [node]))
            else:
                chain.append(node)
    return [c for _, c in chains], decimals


def _report_sections(chains: list[list[Node]]) -> set[int]:
    """Numbered items that are a committee report's own section headings ("1. Introduction",
    "3. Our priorities", "5. Financial implications"): a run of numbers whose items are all
    short headings, most of them holding text or a list, two of them (or the first) a
    report's section ("Background", "... implications", "Appendices"). Each is read as a
    heading, not as a priority."""
    out: set[int] = set()
    for chain in chains:
        if len(chain) < 2:
            continue
        headings = all(0 < len(n.title.split()) <= 8 and not n.title.rstrip().endswith((".", ";", ",", "!", "?"))
                       for n in chain)
        holding = sum(1 for n in chain if n.paras or n.children)
        named = [n for n in chain if is_report_section(n.title)]
        # Two of the report's parts, or one opening it ("1. Introduction"): a priority that
        # happens to be called "Consultation" does not make its list the report's sections.
        if headings and holding * 2 >= len(chain) and (len(named) >= 2 or (named and named[0] is chain[0])):
            out.update(id(n) for n in chain)
    return out


def _paragraph_lists(chains: list[list[Node]], decimals: dict[tuple[int, str], list[Node]]) -> set[int]:
    """Numbered lists whose items are report paragraphs, not plan items (long prose)."""
    groups = dict(decimals)
    for number, chain in enumerate(chains):
        groups[(number, "number")] = chain
    out: set[int] = set()
    for nodes in groups.values():
        nodes = [n for n in nodes if not is_report_heading(n.title)] or nodes  # "1. Background" numbers a part
        lengths = [len((n.title + " " + n.text).split()) for n in nodes]
        sentences = [len(re.findall(r"[a-z0-9)][.!?](?:\s|$)", n.title + " " + n.text)) for n in nodes]
        if statistics.median(lengths) > 45 or (statistics.median(lengths) > 30 and statistics.median(sentences) >= 2):
            out.update(id(n) for n in nodes)
    return out


def assign_kinds(root: Node, *, title: str = "") -> None:
    """`title`: the document's own title, read as the heading above everything
    ("Our Pledges to Residents": the lists under its area headings are pledges)."""
    chains, decimals = _number_chains(root)  # read once for both
    paragraphs = _paragraph_lists(chains, decimals)
    sections = _report_sections(chains)
    top = Ctx(deep=tuple(k for k in kinds_in(title) if k == "pledge"))
    for child in list(root.children):
        _visit(child, top, paragraphs, sections)
    _lift_out_of_names(root, paragraphs)
    _report_paragraphs_into_text(root)
    _themes_of_statements(root)
    _prune(root)


def _heading_kind(node: Node, ctx: Ctx) -> str:
    title = node.title
    if is_front_matter_heading(title):
        return "skip"
    kinds = kinds_in(title)
    if "implication" in kinds and len(title.split()) <= 8:
        return because(node, "implication", "heading naming implications", HIGH)
    if is_group_heading(title):
        return "group"
    if "directorate" in kinds:
        return because(node, "directorate", "heading naming a directorate", HIGH)
    if ctx.list_kind in ("theme", "core_area", "objective", "purpose", "principle", "pledge_area", "portfolio",
                         "directorate", "implication", "section", "service"):
        return because(node, ctx.list_kind, f"the heading above names its headings as {_plural(ctx.list_kind)}", HIGH)
    if "pledge" in ctx.deep[:1] or ctx.list_kind == "pledge":
        return because(node, "pledge_area", "heading under a title naming pledges", MEDIUM)
    if _names_services(node):
        return because(node, "section", "heading naming services, over their headings", MEDIUM)
    if ctx.portfolio_depth == 0:
        return because(node, "portfolio", "heading under a heading naming portfolios", MEDIUM)
    if ctx.portfolio_depth >= 2 and _holds_items(node):
        return because(node, "service", "heading with a list, inside a portfolio", MEDIUM)
    return because(node, "section", "a heading; nothing names what it is, so a section", MEDIUM)


_SERVICES = re.compile(r"\bservices\b", re.I)


def _names_services(node: Node) -> bool:
    """A heading naming services ("Transport and Mobility Services", "Our direct services")
    whose own headings each hold a list: each of those headings is a service."""
    heads = [c for c in node.children if c.role == "heading"]
    return bool(_SERVICES.search(node.title)) and len(heads) >= 2 and all(_holds_items(c) for c in heads)


def _holds_items(node: Node) -> bool:
    return any(c.role in ("item", "row") for c in node.children)


def _item_kind(node: Node, ctx: Ctx, paragraphs: set[int]) -> str:
    parent = node.parent
    parent_kind = parent.kind if parent is not None else ""
    if node.role == "row":
        header_kinds = kinds_in(node.row.get("header", ""))
        columns = table_columns(node)
        if parent is not None and parent.child_scope == "output":
            return because(node, "output", "row of a table after a label naming outputs", HIGH)
        for kind in header_kinds:
            if kind in ITEM_KINDS:
                return because(node, kind, f"row of a table with columns {columns}", HIGH)
        if node.row.get("date"):
            return because(node, "milestone", f"row of a table with columns {columns}, with a date", MEDIUM)
    if node.lead and (is_descriptive_lead(node.lead) or is_front_matter_heading(node.lead.rstrip(": "))):
        return "skip"
    if node.role == "item" and node.marker in ("number", "decimal") and is_front_matter_heading(node.title):
        return "skip"
    if node.role == "item" and node.marker in ("number", "decimal") and is_report_heading(node.title):
        return because(node, "other", "numbered like a section of a report", MEDIUM)
    if node.role == "item" and node.marker in ("number", "decimal") and is_implications_heading(node.title):
        return because(node, "implication", "numbered heading naming implications", HIGH)
    scope = parent.child_scope if parent is not None else ""
    labelled = f"in a list after the label {_quote(node.lead)}" if node.lead else "in a list after a label"
    if scope == "output":
        return because(node, "output", labelled, HIGH)
    if scope == "milestone":
        if short_name(node):
            return because(node, "sub_priority", f"a short undated name, {labelled}", MEDIUM)
        return because(node, "milestone", labelled, HIGH)
    if scope in ("priority", "pledge", "sub_priority"):
        return because(node, scope, labelled, HIGH)
    lead_kinds = [k for k in kinds_in(node.lead) if k not in CONTAINER_KINDS] if node.lead else []
    if lead_kinds:
        kind = lead_kinds[0]
        said = f"the words before the list, {_quote(node.lead)}, name {_plural(kind)}"
        if kind == "objective" and short_name(node):
            return because(node, "objective", said, HIGH)
        if kind == "milestone":
            if short_name(node):
                return because(node, "sub_priority", "a short undated name in a list the words before it call milestones", MEDIUM)
            return because(node, "milestone", said, HIGH)
        return because(node, kind, said, HIGH)
    if id(node) in paragraphs:
        return because(node, "other", "long numbered paragraphs: read as the report's text", MEDIUM)
    intro = _intro_kind(parent) if parent is not None and parent.role in ("item", "implicit") else ""
    if intro and intro not in ("output", "implication"):
        return because(node, intro, f"the item above introduces its list as {_plural(intro)}", MEDIUM)
    if ctx.list_kind and ctx.list_kind not in CONTAINER_KINDS:
        if ctx.list_kind == "pledge_area":
            return because(node, "pledge", "in the list of a pledge area", MEDIUM)
        return because(node, ctx.list_kind, f"the heading above names {_plural(ctx.list_kind)}", HIGH)
    by_parent = {
        "priority": "output", "output": "output", "pledge": "pledge", "milestone": "milestone",
        "theme": "priority", "pledge_area": "pledge", "equality_objective": "equality_objective",
        "purpose": "purpose", "principle": "principle", "core_area": "objective",
    }
    if parent_kind == "objective":
        if short_name(node):
            return because(node, "sub_priority", "a short undated name under an objective", MEDIUM)
        # Under an objective, a list of dated steps (or steps naming what they serve) is its
        # milestones; a list of undated commitments is its priorities.
        siblings = [c for c in parent.children if c.role == node.role and c.style_key == node.style_key
                    and not short_name(c)] or [node]
        stepped = sum(1 for c in siblings if dated(c) or has_refs(c))
        if stepped * 2 >= len(siblings):
            return because(node, "milestone", "under an objective, in a list of dated steps", MEDIUM)
        return because(node, "priority", "under an objective, in a list of undated commitments", MEDIUM)
    if parent_kind == "implication":
        if date_first(node):
            return because(node, "key_event", "starts with a date, under implications", MEDIUM)
        return because(node, "other", "kind guessed from its wording: under implications, no date first", LOW)
    if parent_kind == "sub_priority":
        return because(node, "milestone", "under a sub-priority", MEDIUM)
    if parent_kind in by_parent:
        return because(node, by_parent[parent_kind], f"in a list under a {_singular(parent_kind)}", MEDIUM)
    for word in ctx.deep:
        if word == "milestone":
            if short_name(node):
                return because(node, "sub_priority", "a short undated name under a heading naming milestones", MEDIUM)
            return because(node, "milestone", "a heading above names milestones", MEDIUM)
        if word in ("pledge", "priority", "output", "key_event", "equality_objective"):
            return because(node, word, f"a heading above names {_plural(word)}", MEDIUM)
        if word in ("theme", "objective", "purpose", "principle", "core_area"):
            break
    if id(node) in paragraphs:
        return because(node, "other", "long numbered paragraphs: read as the report's text", MEDIUM)
    if node.role == "item" and node.marker in ("number", "decimal", "letter", "roman") and node.label:
        return because(node, "priority", f"kind guessed: a numbered item ({node.label}) that nothing names", LOW)
    if node.role == "row":
        if node.row.get("date"):
            return because(node, "milestone", "kind guessed: a table row with a date", LOW)
        return because(node, "other", "kind guessed: a table row nothing names", LOW)
    return because(node, "other", "kind guessed from its wording: nothing names it", LOW)


def _container_override(node: Node, kind: str, ctx: Ctx) -> str:
    """An item that holds a list is what its list makes it: outputs make a priority."""
    children = [c for c in node.children if c.role in ("item", "row", "implicit")]
    if not children:
        return kind
    if node.child_scope == "output" and kind not in ("objective",):
        return because(node, "priority", "holds a list labelled as outputs", HIGH)
    milestone_scope = node.child_scope == "milestone" or "milestone" in ctx.deep[:2] or kind == "milestone"
    if milestone_scope and kind not in ("pledge", "output") and any(dated(c) or has_refs(c) for c in children) \
            and any(short_name(c) for c in children):
        return because(node, "objective", "holds short names and dated milestones", MEDIUM)
    if node.role == "item" and node.marker in ("number", "decimal") and len(node.title.split()) <= 12 \
            and any(c.marker in ("number", "decimal") and c.style_key != node.style_key for c in children):
        if ctx.portfolio_depth == 0 or "portfolio" in ctx.deep:
            return because(node, "portfolio", "a numbered name holding its own numbered list, under portfolios", MEDIUM)
        if kind in ("priority", "other"):
            return because(node, "section", "a numbered name holding its own numbered list", MEDIUM)
    if kind == "other" and node.role == "item" and node.marker in ("number", "decimal") and len(node.title.split()) <= 8 \
            and not node.title.endswith(".") and node.children:
        return because(node, "section", "a short numbered name holding a list", MEDIUM)
    return kind


def _visit(node: Node, ctx: Ctx, paragraphs: set[int], sections: set[int] = frozenset()) -> None:
    # A report's numbered section ("3. Our priorities", "5. Financial implications") is read
    # as a heading; "1. Background" stays what a numbered report heading is (see _item_kind).
    if node.role == "heading" or (id(node) in sections and not is_report_heading(node.title)):
        kind = _heading_kind(node, ctx)
        if kind == "section":
            kind = _container_override(node, kind, ctx)
    else:
        kind = _item_kind(node, ctx, paragraphs)
        if kind != "skip":
            kind = _container_override(node, kind, ctx)
    node.kind = kind
    # What the children inherit.
    title_kinds = kinds_in(node.title) if node.role == "heading" or node.marker in ("number", "decimal") else []
    deep = ctx.deep
    list_kind = ""
    portfolio_depth = ctx.portfolio_depth + 1 if ctx.portfolio_depth >= 0 and node.role == "heading" else ctx.portfolio_depth
    if node.role == "heading" and kind == "section" and _names_services(node):
        list_kind = "service"
    if kind == "group":
        list_kind = title_kinds[0] if title_kinds else ""
        if list_kind in ("theme",) and any(c.role == "heading" for c in node.children):
            list_kind = "theme"
        # Headings that only divide its list ("Our milestones", then "2025/26" and "2026/27"):
        # the items under them are still what the group names.
        deep = tuple(k for k in title_kinds if k not in ("directorate", "objective")) + deep
    elif title_kinds and kind not in ("implication",):
        deep = tuple(k for k in title_kinds if k not in ("directorate", "objective")) + deep
        if "portfolio" in title_kinds and kind != "portfolio":
            portfolio_depth = 0
    if kind == "portfolio":
        portfolio_depth = 1
    child_ctx = Ctx(list_kind=list_kind, deep=deep, portfolio_depth=portfolio_depth)
    for child in list(node.children):
        _visit(child, child_ctx, paragraphs, sections)


def _lift_out_of_names(root: Node, paragraphs: set[int]) -> None:
    """A short name (a sub-priority) cannot hold long dated items: an indentation slip put
    them under it, so they go back beside it."""
    for node in list(root.walk()):
        if node.kind == "sub_priority" and node.children and node.parent is not None:
            parent = node.parent
            at = parent.children.index(node) + 1
            for child in list(node.children):
                node.children.remove(child)
                child.parent = parent
                parent.children.insert(at, child)
                at += 1
                child.kind = because(child, "sub_priority" if short_name(child) and not child.children else "milestone",
                                     "kind guessed: it was indented under a short name", LOW)
                placed(child, f"moved beside {_quote(node.title, 40)}: a short name does not hold long dated items", LOW)


def _statement(node: Node) -> bool:
    """A short, undated aim in a list ("Children get the best start in life")."""
    words = node.title.split()
    return node.role == "item" and node.kind == "other" and not node.children and 2 <= len(words) <= 14 \
        and not dated(node) and not node.title.rstrip().endswith((":", ";"))


def _themes_of_statements(root: Node) -> None:
    """A plan whose every part is a short heading over a list of short aims ("People",
    "Place", "Prosperity", each with its bullets), and nothing else, is a plan of themes and
    their objectives: the usual shape of a corporate plan on one page."""
    parts = [c for c in root.children if c.kind == "section"]
    if len(parts) < 2 or len(parts) != len(root.children):
        return
    for part in parts:
        if part.role != "heading" or len(part.title.split()) > 6 or dated(part) or not part.children \
                or not all(_statement(c) for c in part.children):
            return
    for part in parts:
        part.kind = because(part, "theme", "short heading over a list of short aims, beside others like it", MEDIUM)
        for child in part.children:
            child.kind = because(child, "objective", "short undated aim listed under a theme", MEDIUM)


def _report_paragraphs_into_text(root: Node) -> None:
    """A report's numbered paragraphs ("3.1 The priorities are met from the approved
    budget.") under a part that is not a list of plan items (its implications, its
    background) are that part's words, not elements of the plan."""
    for node in list(root.walk()):
        if node.kind not in ("implication", "other", "section") or not node.children:
            continue
        paragraphs = [c for c in node.children if c.role == "item" and c.marker == "decimal" and c.kind == "other"
                      and not c.children and c.label.startswith(f"{node.label}.") and node.label]
        for child in paragraphs:
            node.paras.append(child.title if not child.paras else f"{child.title} {child.text}")
            node.children.remove(child)


_LEAD_IN = re.compile(r"(:|\b(below|following|as follows|include|includes|including)\W*)$", re.I)


def _own_prose(node: Node) -> bool:
    """Whether a heading opens with a paragraph of its own: not the sentence that introduces
    its list ("Our priorities are:", "...set out below.")."""
    first = next((p.strip() for p in node.paras if p.strip()), "")
    return bool(first) and not _LEAD_IN.search(first)


def _prune(node: Node) -> None:
    """Drop what is not plan content; children of a heading that only names them move up."""
    out: list[Node] = []
    for child in node.children:
        prose_only = not child.children and bool(child.text.strip())
        _prune(child)
        if child.kind == "pledge_area" and not any(c.kind == "pledge" for c in child.children):
            child.kind = because(child, "section", "heading under pledges that holds no pledges", MEDIUM)
        if child.kind == "group" and child.children and all(c.kind == "other" for c in child.children):
            child.kind = because(child, "section", "heading over items nothing names", MEDIUM)
        if child.kind == "group" and prose_only:
            # A heading naming a part of the plan with only prose under it ("Our vision" and
            # its paragraph) is that part, not a title over a list: keep it and its words.
            named = [k for k in kinds_in(child.title) if k in ("purpose", "principle")]
            child.kind = because(child, named[0] if named else "section", "heading naming a part of the plan, with its own text", MEDIUM)
        if child.kind == "group" and child.children and _own_prose(child):
            # A heading with a paragraph of its own as well as a list ("Our vision", what it
            # is, then bullets): the heading stays, holding its words and its list.
            named = [k for k in kinds_in(child.title) if k in ("purpose", "principle")]
            child.kind = because(child, named[0] if named else "section", "heading with text of its own above its list", MEDIUM)
        if child.kind in ("group",):
            for grandchild in child.children:
                grandchild.parent = node
                placed(grandchild, f"the heading above it, {_quote(child.title, 40)}, only names its list", HIGH)
                out.append(grandchild)
            continue
        if child.kind == "skip":
            for grandchild in child.children:
                if grandchild.role == "heading" or grandchild.kind not in ("skip",) and grandchild.role == "heading":
                    grandchild.parent = node
                    placed(grandchild, f"the heading above it, {_quote(child.title, 40)}, is not part of the plan", MEDIUM)
                    out.append(grandchild)
            continue
        if child.role == "heading" and not child.children and not child.text.strip() and child.kind in ("section",):
            continue
        out.append(child)
    node.children = out
