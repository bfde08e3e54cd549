"""Blocks to a tree, as the document prints it: headings hold lists, lists hold lists.

Nesting comes from layout alone: explicit heading levels (Word styles, Markdown, PDF font
sizes) where the file has them; otherwise runs of short heading lines; list numbering
(a number list continues where the next number follows on, a list that starts again at
"a" or "i" sits inside the item before it, "2.1" sits inside "2."), bullet indentation,
and labels such as "Outputs" that say what the list after them is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from civicplan.core.periods import Precision, parse_period

from ..cleanup import roman_value, text_key
from ..document import Block
from .vocab import is_major_heading, label_kind

_RUNIN = re.compile(r"^([A-Z][^.:;!?]{2,60}?)\.\s+(?=[A-Z])")
_NOT_HEADINGS = frozenset({"none", "n/a", "nil", "not applicable", "tbc", "yes", "no"})


@dataclass
class Node:
    role: str  # root, heading, item, runin, implicit, row
    title: str = ""
    label: str = ""
    marker: str = ""
    style_key: str = ""
    hlevel: int | None = None
    explicit_level: bool = False
    divider: bool = False
    index: int = 0
    block: Block | None = None
    paras: list[str] = field(default_factory=list)
    lead: str = ""  # the sentence that introduced the list this node belongs to
    child_scope: str = ""  # what a label such as "Outputs" said its next list holds
    note: str = ""
    bold_lead: str = ""
    row: dict = field(default_factory=dict)  # table cells by meaning: title, date, owner
    children: list[Node] = field(default_factory=list)
    parent: Node | None = None
    # Filled in later by kinds.py, titles.py, dates.py, links.py:
    kind: str = ""
    element_title: str = ""
    element_text: str = ""
    date_text: str = ""
    links: list[Node] = field(default_factory=list)
    owner: str = ""
    id: str = ""
    synthetic: bool = False  # made by the importer (a dated step split out of an item)
    evidence: dict = field(default_factory=dict)  # why: {"kind"|"parent": (reason, band)}, structure/evidence.py

    def add(self, child: Node) -> Node:
        child.parent = self
        self.children.append(child)
        return child

    @property
    def text(self) -> str:
        return " ".join(self.paras)

    def walk(self):
        for child in self.children:
            yield child
            yield from child.walk()

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"<{self.role} {self.label!r} {self.title[:40]!r}>"


def label_value(marker: str, label: str):
    if marker == "number" and label.isdigit():
        return int(label)
    if marker == "letter" and len(label) == 1:
        return ord(label.lower()) - 96
    if marker == "roman" and label:
        return roman_value(label)
    if marker == "decimal":
        return tuple(int(p) for p in label.split(".") if p.isdigit())
    return None


def is_heading_block(block: Block, explicit: bool) -> bool:
    if block.role != "para":
        return False
    if block.heading_level is not None:
        return True
    text = block.text
    words = text.split()
    if not words or text.lower().strip(". ") in _NOT_HEADINGS:
        return False
    if re.search(r"www\.|https?://|@\w|\w: [a-z]", text):
        return False
    if len(words) > 5 and re.search(r"\b(is|are|was|were|will|has|have|had|should|would|can|could|must)\b", text) \
            and not text.isupper():
        return False
    if text.isupper() and len(words) <= 20 and any(c.isalpha() for c in text):
        return True
    if explicit and not block.bold:
        return False
    return (
        len(words) <= 14
        and len(text) <= 110
        and not text.endswith((".", ";", ",", ":", "?", "!"))
        and (text[:1].isupper() or text[:1].isdigit() or text[:1] in "'\"‘“")
        and not re.search(r"\.\s+[A-Z]", text)
    )


def heading_like_item(block: Block) -> bool:
    text = block.text
    return 0 < len(text.split()) <= 12 and not text.endswith((".", ";", ",", ":")) and text[:1].isupper()


@dataclass
class _Seq:
    key: str
    last: Node
    value: object
    lead: str = ""
    restart: bool = False
    serial: int = 0  # the order the lists were opened in


class _Lists:
    """The lists opened so far. Found by style key in the order they were opened, and the open
    ones from the open nodes (each list is known by the item it last reached), not by a scan
    of every list the document has opened: a long plan opens hundreds."""

    def __init__(self) -> None:
        self._by_key: dict[str, dict[int, _Seq]] = {}
        self._by_last: dict[int, _Seq] = {}
        #: By when each last reached an item: their items' indexes rise along it.
        self._recent: dict[int, _Seq] = {}
        self._serial = 0

    def open(self, key: str, last: Node, value, lead: str) -> _Seq:
        self._serial += 1
        seq = _Seq(key=key, last=last, value=value, lead=lead, serial=self._serial)
        self._by_key.setdefault(key, {})[seq.serial] = seq
        self._by_last[id(last)] = seq
        self._recent[seq.serial] = seq
        return seq

    def reach(self, seq: _Seq, node: Node) -> None:
        """The list goes on to `node`."""
        del self._by_last[id(seq.last)]
        seq.last = node
        self._by_last[id(node)] = seq
        del self._recent[seq.serial]
        self._recent[seq.serial] = seq

    def of_key(self, key: str) -> list[_Seq]:
        return list(self._by_key.get(key, {}).values())

    def open_of_key(self, key: str, stack: list[Node]) -> list[_Seq]:
        """The lists of this style whose last item is open, in the order they were opened."""
        found = []
        for node in stack:
            seq = self._by_last.get(id(node))
            if seq is not None and seq.key == key:
                found.append(seq)
        if len(found) > 1:
            found.sort(key=lambda seq: seq.serial)
        return found

    def drop_inside(self, parent: Node, keep: _Seq, stack: list[Node]) -> None:
        """Forget the lists whose last item is inside `parent` and no longer open: a node's
        descendants come after it, so only lists that reached an item since are looked at."""
        open_ids = {id(n) for n in stack}
        gone = []
        for seq in reversed(self._recent.values()):
            if seq.last.index < parent.index:
                break
            if seq is not keep and id(seq.last) not in open_ids and _inside(seq.last, parent):
                gone.append(seq)
        for seq in gone:
            del self._by_key[seq.key][seq.serial]
            del self._by_last[id(seq.last)]
            del self._recent[seq.serial]


def _next_value(value):
    if isinstance(value, int):
        return value + 1
    if isinstance(value, tuple):
        return value[:-1] + (value[-1] + 1,)
    return None


def _is_start(value) -> bool:
    if value is None:
        return True
    if isinstance(value, tuple):
        return value[-1] in (0, 1)
    return value == 1


def build_tree(blocks: list[Block], *, explicit_levels: bool, char_indents: bool = False) -> Node:
    """The tree of the blocks. `explicit_levels`: the file prints its heading levels;
    `char_indents`: indentation is counted in characters (text and Markdown), not points."""
    root = Node(role="root", hlevel=0)
    stack: list[Node] = [root]
    seqs = _Lists()
    items_by_label: dict[str, Node] = {}
    #: The decimal items among items_by_label, by depth ("2.1" is 1), last put there last.
    decimals_by_depth: dict[int, dict[str, Node]] = {}
    levels_by_text: dict[str, int] = {}
    leaf_level = 1
    pending_lead = ""
    lead_active = False  # the block just before was a lead-in or an item made from one
    label_owner: Node | None = None
    note_target: Node | None = None
    last_was_heading = False

    headings = [is_heading_block(b, explicit_levels) for b in blocks]
    deepest = max((b.heading_level for b in blocks if b.heading_level is not None), default=None)

    def top() -> Node:
        return stack[-1]

    def on_stack(node: Node) -> bool:
        for n in stack:  # a plain loop: asked for every open list at every item
            if n is node:
                return True
        return False

    def pop_items():
        while len(stack) > 1 and top().role in ("item", "runin", "implicit", "row"):
            stack.pop()

    def push(node: Node, parent: Node):
        while stack and stack[-1] is not parent:
            stack.pop()
        parent.add(node)
        stack.append(node)

    def remember_label(node: Node):
        label = node.label
        items_by_label[label] = node
        decimals = decimals_by_depth.setdefault(label.count("."), {})
        decimals.pop(label, None)
        if node.marker == "decimal":
            decimals[label] = node

    for index, block in enumerate(blocks):
        # ---------------------------------------------------------------- tables
        if block.role == "table" and block.table:
            owner = top()
            for row in _table_rows(block.table):
                node = Node(role="row", title=row.get("title", ""), index=index, block=block, row=row,
                            lead=pending_lead)
                owner.add(node)
            last_was_heading = False
            lead_active = False
            continue
        # ---------------------------------------------------------------- labels
        kind_label = label_kind(block.text) if block.role == "para" and (
            block.heading_level is None or block.heading_level == deepest) else ""
        if kind_label:
            if kind_label == "note":
                owner = label_owner if label_owner is not None and on_stack(label_owner) else None
                if owner is None:
                    pop_items()
                    owner = top()
                while top() is not owner and len(stack) > 1:
                    stack.pop()
                note_target = owner
                rest = re.sub(r"^\s*notes?\s*:?\s*", "", block.text, flags=re.IGNORECASE)
                if rest:
                    owner.note = f"{owner.note} {rest}".strip()
                continue
            # A label after a nested item ("c. ..." then "Milestones") speaks for the item that
            # holds that list; after a first-level item ("i. Deliver ..." then "Outputs"), for it.
            while len(stack) > 1 and top().role in ("item", "implicit", "row") and top().marker in ("bullet", "letter", "roman", ""):
                if top().marker == "" and top().role == "item":
                    break
                if top().role == "item" and top().parent is not None and top().parent.role in ("heading", "root") \
                        and not top().children and top().marker in ("letter", "roman"):
                    break
                stack.pop()
            # A label printed as a heading ("## Key milestones") after another heading's list
            # ends the headings at its level: it speaks for the part that holds it.
            while block.heading_level is not None and len(stack) > 1 and top().role == "heading" \
                    and top().hlevel is not None and top().hlevel >= block.heading_level and top().children:
                stack.pop()
            owner = top()
            owner.child_scope = kind_label
            label_owner = owner
            pending_lead = block.text
            lead_active = False
            note_target = None
            continue
        # ---------------------------------------------------------------- headings
        if headings[index]:
            note_target = None
            title = block.text
            if block.heading_level is not None:
                level = block.heading_level
                explicit = True
            else:
                explicit = False
                level = _inferred_level(blocks, headings, index, leaf_level, last_was_heading, stack,
                                        levels_by_text, lead_active)
                leaf_level = max(leaf_level, level) if last_was_heading else level
            node = Node(role="heading", title=title, hlevel=level, explicit_level=explicit, index=index,
                        block=block, label=block.label, marker=block.marker, bold_lead=block.bold_lead,
                        note=block.note)
            if not explicit:
                divider_parent = _divider_parent(blocks, headings, index, seqs, stack)
                if divider_parent is not None:
                    node.divider = True
                    node.hlevel = None
                    push(node, divider_parent)
                    last_was_heading = True
                    pending_lead, lead_active = "", False
                    continue
            while len(stack) > 1 and (
                top().role in ("item", "runin", "implicit", "row")
                or (top().role == "heading" and (top().divider or (top().hlevel or 0) >= level))
            ):
                stack.pop()
            push(node, top())
            if node.label and node.marker == "number":
                # "2. Our priorities": the paragraphs numbered 2.1, 2.2 below are its own.
                remember_label(node)
            levels_by_text.setdefault(text_key(title), level)
            last_was_heading = True
            pending_lead, lead_active = "", False
            continue
        last_was_heading = False
        # ---------------------------------------------------------------- list items
        if block.role == "item":
            note_target = None
            node = _item_node(block, index)
            if node.marker == "decimal":
                prefix = node.label.rsplit(".", 1)[0]
                parent = items_by_label.get(prefix)
                if parent is not None and parent.marker in ("number", "decimal"):
                    if not on_stack(parent):
                        while len(stack) > 1 and not any(n is stack[-1] for n in _ancestors(parent)):
                            stack.pop()
                        stack.append(parent)
                    push(node, parent)
                    remember_label(node)
                    node.lead = pending_lead if not parent.children[:-1] else _lead_of_siblings(parent, node)
                    lead_active = False
                    continue
                same = decimals_by_depth.get(node.label.count("."))
                # Items are remembered in the order they are read: the last is the latest.
                previous = next(reversed(same.values())) if same else None
                newer_heading = any(n.role == "heading" and n.index > previous.index for n in stack) \
                    if previous is not None else False
                if previous is not None and not newer_heading:
                    home = previous.parent
                    if home is not None and home.role == "item" and home.parent is not None:
                        home = home.parent
                    if home is not None and on_stack(home):
                        push(node, home)
                        remember_label(node)
                        node.lead = pending_lead
                        pending_lead, lead_active = "", False
                        continue
            value = label_value(node.marker, node.label)
            if node.marker == "letter" and node.label.lower() in ("i", "v", "x"):
                expecting = [s for s in seqs.open_of_key(node.style_key, stack) if _next_value(s.value) == value]
                if not expecting:
                    node.marker, node.style_key = "roman", node.style_key.replace("letter", "roman")
                    value = label_value("roman", node.label)
            key = node.style_key
            if node.marker == "bullet" or block.list_level is not None:
                key = f"{key}@{_indent_bucket(block, explicit_levels and not char_indents)}"
            node.style_key = key
            open_seqs = seqs.open_of_key(key, stack)
            matching = [s for s in open_seqs if value is None or _next_value(s.value) == value]
            chosen = None
            if matching:
                chosen = matching[0]  # the outermost list that this label continues
            if chosen is not None:
                last = chosen.last
                while len(stack) > 1 and top() is not last.parent:
                    if top().role == "heading" and top().index > last.index:
                        break
                    stack.pop()
                parent = top()
                node.lead = chosen.lead
                seqs.reach(chosen, node)
                chosen.value = value
                # Lists opened inside the one continued are finished.
                seqs.drop_inside(parent, chosen, stack)
            else:
                closed = [s for s in seqs.of_key(key) if not on_stack(s.last) and _next_value(s.value) == value] \
                    if value is not None and not _is_start(value) else []
                if closed:
                    pop_items()
                    chosen = closed[-1]
                    seqs.reach(chosen, node)
                    chosen.value = value
                    node.lead = chosen.lead
                else:
                    # A new list: inside the item or heading it follows. In Word, where each
                    # item's indentation is known, only if it is printed further in than that item.
                    if block.list_level is not None:
                        while len(stack) > 1 and top().role == "item" and top().block is not None \
                                and top().block.list_level is not None and top().block.indent >= block.indent - 1:
                            stack.pop()
                    elif top().role in ("item", "implicit", "runin") and lead_active is False and top().children and not _is_start(value):
                        pop_items()
                    node.lead = pending_lead
                    seqs.open(key, node, value, pending_lead)
                parent = top()
            push(node, parent)
            if node.label:
                remember_label(node)
            pending_lead = ""
            lead_active = False
            continue
        # ---------------------------------------------------------------- paragraphs
        text = block.text
        if note_target is not None:
            note_target.note = f"{note_target.note} {text}".strip()
            continue
        runin = _RUNIN.match(text)
        if runin and text.endswith(":") and len(runin.group(1).split()) <= 6:
            node = Node(role="runin", title=runin.group(1).strip(), index=index, block=block,
                        style_key="runin", lead=pending_lead)
            node.paras.append(text[runin.end():].strip())
            open_runin = seqs.open_of_key("runin", stack)
            if open_runin:
                last = open_runin[-1].last
                while len(stack) > 1 and top() is not last.parent:
                    stack.pop()
                node.lead = open_runin[-1].lead
                seqs.reach(open_runin[-1], node)
            else:
                pop_items()
                seqs.open("runin", node, None, pending_lead)
            push(node, top())
            pending_lead = ""
            lead_active = True
            continue
        if text.endswith(":"):
            current = top()
            if current.children or (current.role in ("item", "implicit") and current.marker in ("bullet", "letter", "roman", "")):
                pop_items()
                current = top()
            current.paras.append(text)
            pending_lead = text
            lead_active = True
            continue
        if lead_active and pending_lead and not text.endswith(":") and len(text.split()) <= 80:
            node = Node(role="implicit", title=text, index=index, block=block, lead=pending_lead,
                        style_key="implicit", marker="")
            if top().role == "implicit":
                stack.pop()
            push(node, top())
            continue
        current = top()
        if current.role in ("item", "runin", "implicit", "row") and (
            current.children or current.marker in ("bullet", "letter", "roman") or current.role == "implicit"
        ):
            pop_items()
            current = top()
        current.paras.append(text)
        pending_lead, lead_active = "", False
    return root


def _ancestors(node: Node) -> list[Node]:
    out = []
    while node is not None:
        out.append(node)
        node = node.parent
    return out


def _inside(node: Node, ancestor: Node) -> bool:
    node = node.parent  # walked up without a list: asked for every open list at every item
    while node is not None:
        if node is ancestor:
            return True
        node = node.parent
    return False


def _lead_of_siblings(parent: Node, node: Node) -> str:
    for sibling in parent.children:
        if sibling is not node and sibling.lead:
            return sibling.lead
    return ""


def _indent_bucket(block: Block, explicit: bool) -> int:
    """Which indentation a list item sits at: bullets at another one are another list. In
    points (Word, PDF) a step is about 12; in characters (text, Markdown "  - ") any step."""
    if block.list_level is not None:
        return block.list_level
    if explicit or block.indent > 12:
        return int(round(block.indent / 12.0))
    return int(block.indent)


def _item_node(block: Block, index: int) -> Node:
    return Node(role="item", title=block.text, label=block.label, marker=block.marker,
                style_key=block.style_key, index=index, block=block, bold_lead=block.bold_lead,
                note=block.note)


def _inferred_level(blocks, headings, index, leaf_level, last_was_heading, stack, levels_by_text, lead_active) -> int:
    """The level of a heading in a file that prints no levels: from runs of headings."""
    block = blocks[index]
    key = text_key(block.text)
    if is_major_heading(block.text):
        return 1
    if key in levels_by_text:
        return levels_by_text[key]
    if last_was_heading:
        previous = next((n for n in reversed(stack) if n.role == "heading"), None)
        return (previous.hlevel or 0) + 1 if previous is not None else 1
    # The run of headings starting here: its last one is at the leaf level.
    run = 1
    j = index + 1
    while j < len(blocks) and headings[j]:
        run += 1
        j += 1
    if lead_active:
        current = next((n for n in reversed(stack) if n.role == "heading"), None)
        return (current.hlevel or 0) + 1 if current is not None else 1
    level = leaf_level - (run - 1)
    return max(1, level)


def _divider_parent(blocks, headings, index, seqs, stack) -> Node | None:
    """A heading inside a numbered item, dividing its list ("Transport and Mobility Services"
    between priorities 2 and 3 of a portfolio): the item it divides, or None."""
    j = index + 1
    while j < len(blocks) and (headings[j] or blocks[j].role == "para"):
        if headings[j]:
            return None
        j += 1
    if j >= len(blocks) or blocks[j].role != "item":
        return None
    nxt = blocks[j]
    value = label_value(nxt.marker, nxt.label)
    if value is None or _is_start(value):
        return None
    for seq in seqs.open_of_key(nxt.style_key, stack):
        if _next_value(seq.value) == value:
            parent = seq.last.parent
            if parent is not None and parent.role == "item" and parent.marker in ("number", "decimal"):
                return parent
    return None


#: Words that make a column the dates column, whatever else its heading says ("Target date",
#: "Quarter", "Due by", "By when"). A year in a heading ("Target 2029") does not: that column
#: holds the targets for that year.
_DATE_HEAD = re.compile(
    r"\b(dates?|when|deadlines?|timescales?|timings?|timeframes?|time ?lines?|due|quarters?)\b",
    re.IGNORECASE,
)
#: A heading that may name the dates column ("Target"): it does when its cells are dates.
_MAYBE_DATE_HEAD = re.compile(r"^\s*(targets?|by|planned|expected)\s*:?\s*$", re.IGNORECASE)
_OWNER_HEAD = re.compile(r"\b(owner|lead|led|responsible|who|officer)\b", re.IGNORECASE)
#: A column naming what each row serves ("Outcome", "Strategic objective", "Contributes to"):
#: its codes or names become links. Only read once the title column is known.
_LINK_HEAD = re.compile(r"\b(outcomes?|objectives?|themes?|contributes? to|priorit(y|ies)|aims?)\b", re.IGNORECASE)
_NUMBER_HEAD = re.compile(r"^\s*(no\.?|ref\.?|#|number|item)\s*$", re.IGNORECASE)
#: A column of measures or indicators, kept as the element's note.
_MEASURE_HEAD = re.compile(r"\b(measures?|indicators?|kpis?|success)\b", re.IGNORECASE)
_TITLE_HEAD = re.compile(r"\b(milestone|action|deliverable|output|activity|description|what|task|step|priority|objective|pledge)\b", re.IGNORECASE)


def _table_rows(table: list[list[str]]) -> list[dict]:
    rows = [[c.strip() for c in row] for row in table if any(c.strip() for c in row)]
    if not rows:
        return []
    header = rows[0]
    has_header = any(_DATE_HEAD.search(c) or _MAYBE_DATE_HEAD.match(c) or _OWNER_HEAD.search(c)
                     or _TITLE_HEAD.search(c) for c in header)
    date_col = owner_col = title_col = link_col = measure_col = None
    if has_header:
        for number, cell in enumerate(header):
            if date_col is None and (_DATE_HEAD.search(cell) or (_MAYBE_DATE_HEAD.match(cell)
                                                                 and _column_of_dates(rows[1:], number))):
                date_col = number
            elif owner_col is None and _OWNER_HEAD.search(cell):
                owner_col = number
            elif _MEASURE_HEAD.search(cell) and measure_col is None and title_col is not None:
                measure_col = number
            elif title_col is None and _TITLE_HEAD.search(cell) and not (
                    _LINK_HEAD.search(cell) and any(_TITLE_HEAD.search(c) for c in header[number + 1:])):
                title_col = number
            elif title_col is not None and link_col is None and _LINK_HEAD.search(cell):
                link_col = number
        # A header printed again on every page is a header, not a row.
        body = [row for row in rows[1:] if row != header]
    else:
        body = rows
        # No header: a column whose every cell is a date is the dates column (a timetable).
        date_col = next((n for n in range(1, len(header)) if _column_of_dates(rows, n)), None)
    if title_col is None:
        taken = (date_col, owner_col, link_col, measure_col)
        title_col = next((n for n in range(len(header)) if n not in taken and not _NUMBER_HEAD.match(header[n])),
                         next((n for n in range(len(header)) if n not in taken), 0))
    out = []
    for row in body:
        cells = row + [""] * (len(header) - len(row))
        entry = {"title": cells[title_col]}
        if date_col is not None:
            entry["date"] = cells[date_col]
        if owner_col is not None:
            entry["owner"] = cells[owner_col]
        if link_col is not None and cells[link_col]:
            entry["links"] = cells[link_col]
        if measure_col is not None and cells[measure_col]:
            entry["measure"] = cells[measure_col]
        entry["header"] = " ".join(header) if has_header else ""
        entry["columns"] = header if has_header else []
        if date_col is not None and has_header:
            entry["date_column"] = header[date_col]
        if entry["title"]:
            out.append(entry)
    return out


def _column_of_dates(body: list[list[str]], number: int) -> bool:
    """Every filled cell of the column reads, whole, as a date or "TBC" ("500 homes" does not)."""
    cells = [row[number] for row in body if number < len(row) and row[number]]
    if not cells:
        return False
    for cell in cells:
        period = parse_period(cell)
        if not (period.has_dates or period.precision is Precision.TBC):
            return False
    return True
