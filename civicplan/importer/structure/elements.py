"""Each node's title, text, date and links, as plan files want them.

Title: a heading as printed; for an item, its own lead-in heading ("Building
collaboration:"), the name before a colon or dash, or its words up to its date phrase or
the end of its first sentence. Text: the body printed beneath or after it; for an item
with no separate heading, the whole item as printed. Text is kept as printed.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from ..cleanup import text_key
from .evidence import HIGH, because
from .dates import read_deadline, read_key_event, read_milestone
from .kinds import has_refs
from .tree import Node

_FIRST_SENTENCE = re.compile(r"(?<=[a-z0-9)’'\"”])(?:\.\s+(?=[A-Z(“\"‘'])|;\s+|\s+including:\s*$|:\s+(?=[A-Z]))")
_COLON_NAME = re.compile(r"^([A-Z][^:.;]{1,60}?):\s+(?=\S)")
#: The dashes that set a name apart from its text ("Clean air — we will ..."); not a hyphen.
_NAME_DASHES = "—–"
_DASH_NAME = re.compile(rf"^(.{{3,80}}?)\s+[{_NAME_DASHES}]\s+(?=[a-z])")
_TRAILING_PAREN = re.compile(r"\s*\(([^()]*)\)\s*\.?\s*$")
#: What _FIRST_SENTENCE ends a sentence on: a text with none of them is one sentence.
_SENTENCE_MARKS = (".", ";", ":")
_DATE_CUE_AT_END = re.compile(r"\s+(?:in|by|during|from|on|at|for|due)\s*$", re.IGNORECASE)
_TITLE_PUNCTUATION = "(–—,;:-"
_TRAILING_TITLE_PUNCTUATION = re.compile(rf"\s*[{_TITLE_PUNCTUATION}]+$")


def _first_sentence(text: str) -> str:
    if not any(mark in text for mark in _SENTENCE_MARKS):
        return text
    match = _FIRST_SENTENCE.search(text)
    if match:
        cut = text[: match.start()]
        if text[match.start()] == "." and not cut.endswith("."):
            return cut
        return cut
    return text


def _split_name(node: Node) -> tuple[str, str] | None:
    if node.bold_lead:
        lead = node.bold_lead.strip()
        rest = node.title[len(lead):].strip() if node.title.startswith(lead) else node.title
        return lead.rstrip(":").strip(), rest
    match = _COLON_NAME.match(node.title) if ":" in node.title else None
    if match and len(match.group(1).split()) <= 6 and not node.paras:
        return match.group(1).strip(), node.title[match.end():].strip()
    match = _DASH_NAME.match(node.title) if any(dash in node.title for dash in _NAME_DASHES) else None
    if match and len(match.group(1).split()) <= 8 and not node.paras:
        return match.group(1).strip(), node.title[match.end():].strip()
    return None


def finish(root: Node, *, convention=None) -> None:
    for node in list(root.walk()):
        _finish_node(node)
    _resolve_links(root)


def _finish_node(node: Node) -> None:
    if node.synthetic:
        return
    paras = "\n\n".join(p for p in node.paras if p)
    if node.role == "heading" or node.role == "runin":
        node.element_title = node.title
        node.element_text = paras
        return
    if node.role == "row":
        node.element_title = node.title
        node.element_text = ""
        node.date_text = node.row.get("date", "")
        node.owner = node.row.get("owner", "")
        if node.row.get("measure"):
            node.note = node.row["measure"]
        return
    if node.kind == "key_event":
        words, title, children = read_key_event(node)
        node.date_text = words
        node.element_title = title or node.title
        node.element_text = node.title if words else ""
        for child in children:
            child.kind = "key_event"
            node.children.append(child)
        return
    if paras:  # an item with its own outcome statement or description beneath it
        node.element_title = node.title
        node.element_text = paras
        if node.kind == "milestone":
            words, children, _ = read_milestone(node)
            node.date_text = words
            node.children.extend(children)
        return
    name = _split_name(node)
    if node.kind == "milestone":
        words, children, cut = read_milestone(node)
        node.date_text = words
        for child in children:
            child.kind = "milestone"
        node.children.extend(children)
        if name is not None:
            node.element_title, node.element_text = name
            return
        first = _first_sentence(node.title)
        if cut is not None and cut <= len(first):
            # "New lido open in Spring 2027": the title stops before the date and its cue word.
            title = _DATE_CUE_AT_END.sub("", node.title[:cut])
        else:
            title = first
        node.element_title = _clean_title(title)
        node.element_text = node.title
        return
    if name is not None:
        node.element_title, node.element_text = name
    else:
        first = _first_sentence(node.title)
        words, cut = read_deadline(node) if node.kind in ("pledge", "output", "priority", "objective", "sub_priority") else ("", None)
        if words:
            node.date_text = words
            if cut is not None and cut <= len(first):
                first = node.title[:cut]
        title = _clean_title(first)
        node.element_title = title
        node.element_text = node.title if title != node.title else ""


def _clean_title(title: str) -> str:
    title = title.strip()
    if title.endswith(tuple(_TITLE_PUNCTUATION)):  # else there is nothing to take off
        title = _TRAILING_TITLE_PUNCTUATION.sub("", title).strip()
    return title


# --------------------------------------------------------------------------- links


def _norm(text: str) -> list[str]:
    return text_key(text.replace("&", " and ")).split()


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _segment_references(words: list[str], names: list[tuple[Node, list[str]]]) -> list[Node] | None:
    """Split a bracket's words into names from the list (fuzzy): best cover by dynamic programming."""
    n = len(words)
    best: list[tuple[float, list[Node]] | None] = [None] * (n + 1)
    best[0] = (0.0, [])
    max_len = max((len(w) for _, w in names), default=0) + 3
    for i in range(n):
        if best[i] is None:
            continue
        score_i, picked = best[i]
        # skip a word (a separator or a typo) at a cost
        if best[i + 1] is None or best[i + 1][0] < score_i - 1:
            best[i + 1] = (score_i - 1, picked)
        for j in range(i + 1, min(n, i + max_len) + 1):
            phrase = " ".join(words[i:j])
            for target, name_words in names:
                if abs(len(name_words) - (j - i)) > 3:
                    continue
                similarity = _similar(phrase, " ".join(name_words))
                if similarity >= 0.8:
                    score = score_i + (j - i) * similarity
                    if best[j] is None or best[j][0] < score:
                        best[j] = (score, picked + [target])
    if best[n] is None:
        return None
    score, picked = best[n]
    if not picked or score < 0.7 * n:
        return None
    return picked


_LIST_SPLIT = re.compile(r"\s*(?:[,;/&+]|\band\b)\s*", re.IGNORECASE)


def _resolve_row_links(root: Node) -> None:
    """A table row's outcome column names what it serves, by code ("SO1, SO3") or by name:
    link the row to the elements with that label or title."""
    rows = [n for n in root.walk() if n.role == "row" and n.row.get("links") and not n.synthetic]
    if not rows:
        return
    targets = [n for n in root.walk() if n.role != "row" and n.role != "root" and not n.synthetic
               and n.kind not in ("section", "skip", "group")]
    by_code: dict[str, Node] = {}
    for target in targets:
        for code in (target.label, target.title.split(":")[0], target.element_title.split(":")[0]):
            key = text_key(code)
            if key and len(key) <= 8:
                by_code.setdefault(key, target)
    for node in rows:
        found: list[Node] = []
        for part in _LIST_SPLIT.split(node.row["links"]):
            key = text_key(part)
            if not key:
                continue
            target = by_code.get(key)
            if target is None:
                scored = [(_similar(key, text_key(t.element_title or t.title)), t) for t in targets]
                best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
                target = best[1] if best[0] >= 0.85 else None
            if target is not None and all(t is not target for t in found):
                found.append(target)
        node.links = found
        for target in found:
            _name_by_code(target)


_CODE = re.compile(r"^[A-Za-z]{0,4}\d{1,3}[a-z]?$")


def _name_by_code(target: Node) -> None:
    """An element the table cites by code ("SO1: More people in good work") is an objective
    labelled with that code and named by the words after it."""
    code = (target.element_title or "").strip()
    if _CODE.match(code) and target.element_text and "\n" not in target.element_text.strip():
        target.label = code
        target.element_title = target.element_text.strip()
        target.element_text = ""
    if target.kind == "other":
        target.kind = because(target, "objective", "a table names it as what its rows serve", HIGH)


def _resolve_links(root: Node) -> None:
    """A milestone's bracketed list names the sub-priorities it serves: link them."""
    _resolve_row_links(root)
    all_subs = [n for n in root.walk() if n.kind == "sub_priority"]
    if not all_subs:
        return
    for node in list(root.walk()):
        if node.kind != "milestone" or node.synthetic or node.row.get("links"):
            continue
        parent = node.parent
        while parent is not None and parent.kind not in ("objective", "root") and parent.role != "root":
            parent = parent.parent
        local = [s for s in all_subs if parent is not None and s.parent is parent]
        match = _TRAILING_PAREN.search(node.title)
        targets: list[Node] = []
        if match and has_refs(node):
            words = [w for w in _norm(match.group(1))]
            for pool in (local, all_subs):
                if not pool:
                    continue
                found = _segment_references(words, [(s, _norm(s.element_title or s.title)) for s in pool])
                if found:
                    targets = found
                    break
        elif node.bold_lead or (node.element_title and node.element_title != node.element_text):
            title_words = " ".join(_norm(node.element_title))
            for sub in local:
                name = " ".join(_norm(sub.element_title or sub.title))
                if title_words and len(title_words.split()) >= 2 and (name.startswith(title_words) or _similar(title_words, name) >= 0.85):
                    targets = [sub]
                    break
        seen = set()
        node.links = []
        for target in targets:
            if id(target) not in seen:
                seen.add(id(target))
                node.links.append(target)
