"""Why the importer read each element as it did: a reason in words and a confidence.

The passes record the reason for an element's kind where they decide it (`because`); this
module adds what can be read off the finished tree (where an element sits, where its date
came from, what the elements beside it have) and where in the source it was printed, so the
review page can put what the importer was least sure of first (ADR 0030).

Confidence is one of three bands: "high" (the document says so: a numbering, a heading
level, a table column, a label), "medium" (read from the element's place: the heading
above names such things, a bullet indented under an item), "low" (guessed from its wording
or place with nothing naming it, no date where its siblings have one, date words that do
not read as dates). An element's own confidence is the lowest of its reasons.
"""

from __future__ import annotations

import re

from civicplan.core.periods import Precision, parse_period

HIGH, MEDIUM, LOW = "high", "medium", "low"
RANK = {LOW: 0, MEDIUM: 1, HIGH: 2}
#: Shown to a plan manager.
BAND_WORDS = {HIGH: "High confidence", MEDIUM: "Medium confidence", LOW: "Low confidence"}


def because(node, kind: str, reason: str, confidence: str = MEDIUM) -> str:
    """Record why `node` is a `kind`, and return the kind, so a decision reads
    `return because(node, "output", "in a list labelled Outputs", HIGH)`."""
    node.evidence["kind"] = (reason, confidence)
    return kind


def placed(node, reason: str, confidence: str = MEDIUM) -> None:
    """Record why `node` sits where a pass moved it."""
    node.evidence["parent"] = (reason, confidence)


def lowest(*bands: str) -> str:
    return min([b for b in bands if b], key=RANK.__getitem__, default=HIGH)


def quote(text: str, limit: int = 60) -> str:
    text = " ".join((text or "").split())
    return f"“{text[:limit - 1]}…”" if len(text) > limit else f"“{text}”"


def kind_name(kind: str, plural: bool = False) -> str:
    """"milestone", "sub-priorities": a kind as a plan manager reads it."""
    from ..planfile import NAMES

    singular, many = NAMES.get(kind, (kind.replace("_", " "), kind.replace("_", " ") + "s"))
    return (many if plural else singular).lower()


def table_columns(node) -> str:
    return " / ".join(c for c in node.row.get("columns", []) if c)


def _heading_how(node, file_type: str) -> str:
    if node.explicit_level:
        return {"pdf": "heading by font size", "docx": "heading by its Word heading style",
                "md": "heading marked with #"}.get(file_type, "heading")
    return "heading judged from a run of short lines"


def _parent_reason(node, parent, file_type: str) -> tuple[str, str]:
    if "parent" in node.evidence:
        return node.evidence["parent"]
    under = quote(parent.element_title or parent.title, 40) if parent is not None else ""
    if node.synthetic:
        return f"a dated step split out of the words of {under}", MEDIUM
    if node.role == "row":
        return (f"a row of the table under {under}" if parent is not None else "a row of a table at the top level"), HIGH
    if parent is None:
        if node.role == "heading":
            return f"{_heading_how(node, file_type)}, at the top level", HIGH if node.explicit_level else MEDIUM
        return "at the top level: no heading or item above holds it", MEDIUM
    if node.role == "heading":
        if node.divider:
            return f"heading dividing the list of {under}", MEDIUM
        if parent.role == "heading":
            band = HIGH if node.explicit_level and parent.explicit_level else MEDIUM
            return f"{_heading_how(node, file_type)}, under the larger heading {under}", band
        return f"{_heading_how(node, file_type)}, under {under}", MEDIUM
    if node.marker == "decimal" and parent.label and node.label.rsplit(".", 1)[0] == parent.label:
        return f"numbered {node.label} under {parent.label}", HIGH
    if node.role == "implicit":
        return f"a line after the lead-in {quote(node.lead, 40)}", MEDIUM
    if parent.role == "heading":
        return f"in the list under the heading {under}", HIGH
    if node.block is not None and node.block.list_level is not None:
        return f"Word list level {node.block.list_level + 1}, inside {under}", HIGH
    if node.marker in ("number", "letter", "roman") and node.label:
        return f"a list starting again at {node.label} inside {under}", MEDIUM
    if file_type in ("txt", "md"):
        return f"placed under {under} by its indentation only", LOW
    return f"indented under {under}", MEDIUM


#: Kinds that carry a target date when the elements printed beside them do.
_DATED_KINDS = frozenset({"milestone", "output", "pledge", "priority", "key_event", "equality_objective"})


def _date_reason(node, element: dict, printed_with: list[dict]) -> tuple[str, str] | None:
    """`printed_with`: the elements of the list `element` was printed in, itself among them."""
    words = element.get("date_text", "")
    if not words:
        if element["kind"] not in _DATED_KINDS:  # a sub-priority or a heading has none by nature
            return None
        siblings = [s for s in printed_with if s is not element]
        dated = [s for s in siblings if s.get("date_text")]
        if dated and len(dated) * 2 >= len(siblings):
            return "no date found, though most elements beside it have one", LOW
        return None
    if element.get("start") is None and element.get("end") is None \
            and parse_period(words).precision is not Precision.TBC:
        return f"the date words {quote(words)} could not be read as dates", LOW
    if node.synthetic:
        return "date of a step written inside the item above", MEDIUM
    if node.role == "row" and node.row.get("date_column"):
        return f"date from table column {node.row['date_column']}", HIGH
    if node.kind == "key_event":
        return "date printed at the start of the event", HIGH
    if node.kind == "milestone":
        return f"the first date in its words, {quote(words)}", HIGH
    return f"a deadline in its words, {quote(words)}", MEDIUM


def element_evidence(nodes: list, elements: list[dict], *, file_type: str, source_text: str = "") -> dict[str, dict]:
    """{element id: {"kind", "parent", "date": {"reason", "confidence"}, "confidence",
    "source"}} for the nodes of a built plan (`elements` in the same order as `nodes`)."""
    # The list an element was printed in: the same parent, role and list style.
    lists: dict[tuple, list[dict]] = {}
    for node, element in zip(nodes, elements):
        lists.setdefault((element["parent"], node.role, node.style_key), []).append(element)
    finder = _LineFinder(source_text) if file_type == "docx" else None
    out: dict[str, dict] = {}
    for node, element in zip(nodes, elements):
        parent = node.parent if node.parent is not None and node.parent.role != "root" else None
        kind = node.evidence.get("kind") or (
            ("made a step of its own from the dates in the item above", MEDIUM) if node.synthetic
            else ("kind guessed from its wording and place", LOW))
        where = _parent_reason(node, parent, file_type)
        date = _date_reason(node, element, lists[(element["parent"], node.role, node.style_key)])
        entry = {"kind": {"reason": kind[0], "confidence": kind[1]},
                 "parent": {"reason": where[0], "confidence": where[1]}}
        if date is not None:
            entry["date"] = {"reason": date[0], "confidence": date[1]}
        entry["confidence"] = lowest(kind[1], where[1], date[1] if date else "")
        entry["source"] = _source(node, file_type, finder)
        out[element["id"]] = entry
    return out


def _source(node, file_type: str, finder) -> dict:
    """Where it was printed: page and box (x0, top, x1, bottom in points) in a PDF; the line
    of the document's text otherwise."""
    at = node
    while at is not None and at.block is None:
        at = at.parent
    block = at.block if at is not None else None
    if block is None:
        return {}
    if file_type == "pdf":
        if not block.box:
            return {"page": block.page}
        source = {"page": block.page, "box": [round(v, 1) for v in block.box]}
        if node.role == "row" and at is node:
            source["table"] = True  # the whole table's box, narrowed to the row by regions.place_regions
        return source
    if file_type == "docx" and finder is not None:
        line = finder.find(block.text)
        return {"line": line, "lines": 1} if line else {}
    if block.lineno:
        return {"line": block.lineno, "lines": max(1, block.last_lineno - block.lineno + 1)}
    return {}


class _LineFinder:
    """The line of a Word document's text a paragraph was printed as, searched forward from
    the last one found (elements come in document order)."""

    def __init__(self, text: str):
        from ..cleanup import text_key

        self._key = text_key
        # A list's number or letter printed before the words ("1. To Sundays") is not matched.
        self.keys = [re.sub(r"^(?:\d+|[a-z]|[ivxlc]+)(?:\s\d+)*\s+", "", text_key(line)) for line in text.split("\n")]
        self.at = 0

    def find(self, text: str) -> int:
        key = re.sub(r"^(?:\d+|[a-z]|[ivxlc]+)(?:\s\d+)*\s+", "", self._key(text))[:60]
        if not key:
            return 0
        for start in (self.at, 0):
            for number in range(start, len(self.keys)):
                line = self.keys[number]
                same = min(30, len(key), len(line))
                if same >= min(len(key), 12) and line[:same] == key[:same]:
                    self.at = number
                    return number + 1
        return 0
