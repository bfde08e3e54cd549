"""What a committee report says, built from the plan, its progress and its changes.

Two kinds, laid out like the papers: the plan for approval (header block, Summary,
Recommendations, the plan's own text, implications, pledges as an appendix) and a progress
report as at a date (RAG summary with chart, exceptions, completed, due next, changes against
the adopted baseline, the milestone timeline as an appendix). Read-only: a selector.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from itertools import groupby

from django.utils.html import escape

from civicplan.delivery.models import RAG_SYMBOL, Rag
from civicplan.governance.models import ReportingDate
from civicplan.governance.selectors import (
    baseline_current,
    consultation_notes,
    plan_change_lines,
    redated_since_baseline,
)
from civicplan.plans.models import Element, ElementLink, Plan
from civicplan.plans.selectors import plan_level_names
from civicplan.standing.changes import added_after, dropped_element_ids, elements_as_they_stood
from civicplan.standing.kinds import GROUP_KINDS, TRACKED_KINDS
from civicplan.standing.status import ElementStatus, plan_has_sample_data
from civicplan.standing.summary import plan_summary

from . import charts
from .document import Cell, Chart, Figure, Heading, ListBlock, ListItem, Para, ReportDoc, Table
from .models import ReportKind, ReportText

# Kinds printed as headings with their children below; other kinds are list items.
HEADING_KINDS = {"core_area", "objective", "theme", "portfolio", "section", "directorate", "service", "pledge_area"}
# Kinds whose heading stays singular over a list ("Purpose", as the papers print it).
MASS_NOUNS = {"purpose"}
# Kinds that are not part of the plan's main text.
OUT_OF_BODY = {"implication", "key_event", "pledge_area", "pledge"}
IMPLICATIONS = (
    ("financial_implications", "Financial implications", ("financial",)),
    ("legal_implications", "Legal implications", ("legal",)),
    ("equalities_implications", "Equalities implications", ("equalit",)),
)
NOT_WRITTEN = "To be completed by the report author."
# A recommendation's own lead-in, which the report prints once above the list.
ASKED = re.compile(r"^(?:the\s+)?[\w’'&,. -]{0,60}?\b(?:is|are)\s+(?:asked|recommended)\s+to:?\s+", re.IGNORECASE)


def _subject(body_name: str) -> str:
    """How a paper names its committee at the start of a sentence: "The Executive", "Leaders' Committee"."""
    if body_name.lower().startswith("the ") or len(body_name.split()) > 1:
        return body_name
    return f"The {body_name}"


def _day(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _letter(n: int) -> str:
    return chr(ord("a") + n) if n < 26 else str(n + 1)


def element_refs(elements: list[Element]) -> dict[int, str]:
    """A short reference for each element as a reader would cite it: "2.1.3", "1.4c", "12".

    The printed label is used where there is one; unlabelled elements are numbered among
    their siblings (lettered when they are steps of an element of the same kind).
    """
    refs: dict[int, str] = {}
    by_id = {e.id: e for e in elements}
    ordinal: dict[tuple[int | None, str], int] = defaultdict(int)
    for element in elements:
        parent = by_id.get(element.parent_id) if element.parent_id else None
        own = element.label.strip().rstrip(".)")
        if not own:
            ordinal[(element.parent_id, element.kind)] += 1
            n = ordinal[(element.parent_id, element.kind)]
            own = _letter(n - 1) if parent is not None and parent.kind == element.kind else str(n)
        base = ""
        if parent is not None and (parent.label or parent.kind in TRACKED_KINDS):
            base = refs.get(parent.id, "")
        if not base:
            refs[element.id] = own
        elif len(own) == 1 and own.isalpha():
            refs[element.id] = f"{base}{own}"
        else:
            refs[element.id] = f"{base}.{own}"
    return refs


def _list_style(elements: list[Element]) -> tuple[str, int]:
    labels = [e.label.strip().rstrip(".)") for e in elements]
    if labels and all(len(x) == 1 and x.isalpha() and x.islower() for x in labels):
        start = ord(labels[0]) - ord("a")
        if [ord(x) - ord("a") for x in labels] == list(range(start, start + len(labels))):
            return "letter", start + 1
    if labels and all(x.isdigit() for x in labels):
        start = int(labels[0])
        if [int(x) for x in labels] == list(range(start, start + len(labels))):
            return "number", start
    return "bullet", 1


def _item_text(element: Element) -> str:
    title = " ".join(element.title.split())
    text = " ".join(element.text.split())
    if text and text != title and not text.startswith(title.rstrip(".…")):
        return f"{title}: {text}" if not title.endswith((".", ":")) else f"{title} {text}"
    return text or title


class _Builder:
    def __init__(self, *, plan: Plan, kind: str, as_at: dt.date, since: dt.date | None, text: ReportText | None):
        self.plan = plan
        self.kind = kind
        self.as_at = as_at
        self.text = text or ReportText(plan=plan, kind=kind)
        self.levels = plan_level_names(plan=plan)
        self.elements = list(Element.objects.filter(plan=plan).order_by("position"))
        elements_as_they_stood(self.elements, plan=plan, as_at=as_at)
        self.by_id = {e.id: e for e in self.elements}
        self.children: dict[int | None, list[Element]] = defaultdict(list)
        # Out of the plan on the report's date: dropped by then, or added since.
        self.dropped = dropped_element_ids(plan=plan, as_at=as_at) | added_after(plan=plan, as_at=as_at)
        for element in self.elements:
            if element.id not in self.dropped:
                self.children[element.parent_id].append(element)
        self.refs = element_refs(self.elements)
        self.notes = consultation_notes(plan=plan)
        self.blocks: list = []
        self.appendices: list[tuple[str, list]] = []
        self.since = since
        self.body = self.text.body if self.text.body_id else plan.body
        self.body_name = self.body.name if self.body else ""

    # ------------------------------------------------------------------ shared parts

    def counted_phrase(self, counted: list[ElementStatus]) -> str:
        """"41 milestones", or "55 work areas and 55 pledges" when a plan reports on two kinds."""
        by_kind: dict[str, int] = {}
        for status in counted:
            by_kind[status.element.kind] = by_kind.get(status.element.kind, 0) + 1
        parts = [f"{n} {self.name(kind, plural=n != 1).lower()}" for kind, n in by_kind.items()]
        return " and ".join(parts) if parts else f"0 {self.name('milestone', plural=True).lower()}"

    def name(self, kind: str, plural: bool = False) -> str:
        names = self.levels.get(kind)
        if names:
            return names[1] if plural else names[0]
        label = kind.replace("_", " ")
        return (label + "s") if plural else label

    def header(self, *, title: str, item_no: str, date: dt.date | None) -> list[tuple[str, str]]:
        plan = self.plan
        return [
            ("Title", title),
            ("Item no", item_no),
            ("Report by", plan.report_by),
            ("Job title", plan.job_title),
            ("Date", _day(date)),
            ("Contact officer", plan.contact_officer),
            ("Telephone", plan.contact_phone),
            ("Email", plan.contact_email),
        ]

    def summary_and_recommendations(self, default_summary: str, default_recs: list[str]) -> None:
        self.blocks.append(Heading("Summary", 2, "summary"))
        for paragraph in _paragraphs(self.text.summary) or [default_summary]:
            self.blocks.append(Para(paragraph))
        self.blocks.append(Heading("Recommendations", 2, "recommendations"))
        recs = [line.strip() for line in self.text.recommendations.splitlines() if line.strip()] or default_recs
        # "Leaders' Committee is asked to note ..." reads "1. note ..." under the lead-in.
        recs = [ASKED.sub("", r, count=1).strip() or r for r in recs]
        self.blocks.append(Para(f"{_subject(self.body_name)} is asked to:" if self.body_name else "Members are asked to:"))
        self.blocks.append(ListBlock([ListItem(r) for r in recs], style="number"))

    def implications(self) -> None:
        plan_implications = [e for e in self.children[None] if e.kind == "implication"]
        self.blocks.append(Heading("Implications", 2, "implications"))
        used = set()
        for field, heading, words in IMPLICATIONS:
            written = getattr(self.text, field).strip()
            match = next(
                (e for e in plan_implications if any(w in e.title.lower() for w in words) and e.id not in used), None
            )
            if match is not None:
                used.add(match.id)
            self.blocks.append(Heading(f"{heading} for {self.plan.organisation.name}", 3))
            default = (match.text if match is not None and match.text else NOT_WRITTEN)
            for paragraph in _paragraphs(written) or [default]:
                self.blocks.append(Para(paragraph))
        if self.kind == ReportKind.PLAN:
            for element in plan_implications:
                if element.id in used:
                    continue
                self.blocks.append(Heading(element.title, 3))
                if element.text:
                    self.blocks.append(Para(element.text))
                events = self.children[element.id]
                if events:
                    self.blocks.append(ListBlock([
                        ListItem(f"{e.date_text} – {e.title}" if e.date_text else e.title,
                                 children=[ListItem(f"{c.date_text} – {c.title}" if c.date_text else c.title)
                                           for c in self.children[e.id]])
                        for e in events
                    ]))

    def appendix_list(self) -> None:
        if not self.appendices:
            return
        self.blocks.append(Heading("Appendices", 2, "appendices"))
        self.blocks.append(ListBlock([ListItem(title) for title, _ in self.appendices]))
        for title, blocks in self.appendices:
            # The heading goes on the same (landscape) page as the drawing that opens it.
            page = getattr(blocks[0], "page", "") if blocks else ""
            self.blocks.append(Heading(title, 2, page=page))
            self.blocks.extend(blocks)

    # ------------------------------------------------------------------ plan for approval

    def plan_report(self) -> ReportDoc:
        plan = self.plan
        title = plan.title
        self.summary_and_recommendations(
            plan.summary or f"This report sets out {plan.title} for approval.",
            list(plan.recommendations) or [f"approve {plan.title}"],
        )
        self.blocks.append(Heading(f"Main text of {plan.title}", 2, "main-text"))
        if plan.period_text:
            self.blocks.append(Para(f"The plan covers {plan.period_text}.", style="small"))
        body = [e for e in self.children[None] if e.kind not in OUT_OF_BODY]
        self.emit_children(body, 3, top=True)
        changes = plan_change_lines(plan=plan)
        if changes:
            self.blocks.append(Heading("Changes since adoption", 2, "changes"))
            self.blocks.append(ListBlock([ListItem(self.change_item(line)) for line in changes]))
        self.implications()
        pledges = [e for e in self.children[None] if e.kind == "pledge_area"]
        if pledges:
            blocks: list = []
            for area in pledges:
                blocks.append(Heading(area.title, 3))
                if area.text:
                    blocks.append(Para(area.text))
                items = self.children[area.id]
                if items:
                    style, start = _list_style(items)
                    blocks.append(ListBlock(
                        [ListItem(_item_text(p), label=p.label if style == "bullet" else "",
                                  children=[ListItem(_item_text(c), label=c.label) for c in self.children[p.id]])
                         for p in items],
                        style=style, start=start,
                    ))
            self.appendices.append((f"Appendix A – {self.name('pledge', plural=True)}", blocks))
        self.appendix_list()
        return ReportDoc(
            title=title, report_kind=self.kind, body_name=self.body_name, blocks=self.blocks,
            header=self.header(title=title, item_no=self.text.item_no or plan.item_no,
                               date=self.text.report_date or plan.meeting_date),
            slug=plan.slug, subject=f"{self.body_name}: {title}".strip(": "),
        )

    def change_item(self, line) -> str:
        element = line.element
        who = f"{self.refs.get(element.id, '')} {element.title}".strip() if element is not None else line.change.proposed_title
        when = _day(line.change.decided_at.date()) if line.change.decided_at else ""
        return f"{_short(who, 90)} – {line.sentence}" + (f" (approved {when})" if when else "")

    def emit_children(self, children: list[Element], level: int, top: bool = False) -> None:
        for kind, run in groupby(children, key=lambda e: e.kind):
            run = list(run)
            if kind == "milestone":
                self.blocks.append(self.milestone_table(run))
                continue
            leaves = all(not self.children[e.id] for e in run)
            if leaves and kind in HEADING_KINDS and top and len(run) > 1:
                # A run of themes (or core areas) with nothing under them: under one heading,
                # as the papers print "Key themes", each theme with its paragraph, or as a list.
                self.blocks.append(Heading(self.name(kind, plural=True), min(level, 4)))
                if any(" ".join(e.text.split()) not in ("", " ".join(e.title.split())) for e in run):
                    for element in run:
                        self.emit_node(element, level + 1)
                else:
                    self.blocks.append(ListBlock([ListItem(_item_text(e)) for e in run]))
                continue
            if leaves and kind not in HEADING_KINDS:
                if top:
                    plural = len(run) > 1 and kind not in MASS_NOUNS
                    self.blocks.append(Heading(self.name(kind, plural=plural), min(level, 4)))
                style, start = _list_style(run)
                self.blocks.append(ListBlock(
                    [ListItem(_item_text(e), label=e.label if style == "bullet" else "") for e in run],
                    style=style, start=start,
                ))
                continue
            for element in run:
                self.emit_node(element, level)

    def emit_node(self, element: Element, level: int) -> None:
        title = " ".join(element.title.split())
        if element.kind == "priority" and element.label:
            heading = f"{self.name('priority')} {element.label}: {title}"
        elif element.label and element.kind in ("objective", "portfolio"):
            heading = f"{element.label} {title}"
        else:
            heading = title
        if level <= 4:
            self.blocks.append(Heading(heading, level))
        else:
            self.blocks.append(Para(heading, style="lead"))
        text = " ".join(element.text.split())
        if text and text != title:
            if element.kind == "priority":
                self.blocks.append(Para(text, label="Outcome:"))
            else:
                self.blocks.append(Para(text))
        for note in self.notes.get(element.id, []):
            self.blocks.append(Para(f"Consultation: {note.text}", style="note"))
        if element.date_text:
            self.blocks.append(Para(element.date_text, label="Target date:", style="small"))
        self.emit_children(self.children[element.id], level + 1)

    def milestone_table(self, milestones: list[Element]) -> Table:
        contributes = self.contributes()
        rows = []
        for element in milestones:
            rows.append([
                Cell(self.refs[element.id]), Cell(" ".join((element.text or element.title).split())),
                Cell(element.date_text or "–"), Cell("; ".join(contributes.get(element.id, [])) or "–"),
            ])
            for step in self.children[element.id]:
                rows.append([
                    Cell(self.refs[step.id]), Cell(f"– {' '.join(step.title.split())}"), Cell(step.date_text or "–"),
                    Cell("; ".join(contributes.get(step.id, [])) or "–"),
                ])
        return Table(
            header=["Ref", self.name("milestone"), "Target date", f"Contributes to ({self.name('sub_priority', True).lower()})"],
            rows=rows, widths=[0.09, 0.54, 0.14, 0.23],
        )

    def contributes(self) -> dict[int, list[str]]:
        if not hasattr(self, "_contributes"):
            found: dict[int, list[str]] = defaultdict(list)
            for source_id, title in ElementLink.objects.filter(
                plan=self.plan, link_type=ElementLink.Type.CONTRIBUTES_TO, target__isnull=False
            ).order_by("source_id", "order").values_list("source_id", "target__title"):
                found[source_id].append(title)
            self._contributes = found
        return self._contributes

    # ------------------------------------------------------------------ progress report

    def progress_report(self) -> ReportDoc:
        plan, as_at = self.plan, self.as_at
        summary = plan_summary(plan=plan, as_at=as_at)
        statuses, counted = summary.statuses, summary.counted
        leaves = [
            s for s in statuses.values()
            if s.element.kind in TRACKED_KINDS and s.element.id not in self.dropped
            and not any(c.element.kind in TRACKED_KINDS for c in s.children)
        ]
        unit_kind = unit_kind_of(leaves)
        units = self.name(unit_kind, plural=True)
        unit = self.name(unit_kind)
        groups = self.top_groups()
        counts = summary.counts
        previous = (
            ReportingDate.objects.filter(plan=plan, date__lt=as_at).order_by("-date").values_list("date", flat=True).first()
        )
        since = self.since or previous or _months_before(as_at, 3)
        following = (
            ReportingDate.objects.filter(plan=plan, date__gt=as_at).order_by("date").values_list("date", flat=True).first()
        )
        next_end = following or _months_after(as_at, 3)
        title = f"{plan.title}: progress as at {_day(as_at)}"

        if plan_has_sample_data(plan=plan):
            self.blocks.append(Para(
                "This report uses illustrative sample progress data, not real delivery records.", style="note"
            ))
        red, amber = counts.get("red", 0), counts.get("amber", 0)
        overdue = summary.overdue
        default_summary = (
            f"This report sets out progress on the {self.counted_phrase(counted)} of {plan.title} as at "
            f"{_day(as_at)}: {counts['complete']} complete, {counts['green']} on track (green), {amber} at risk "
            f"(amber), {red} off track (red), {counts['not_started']} not started and {counts['none']} with no "
            f"update. {len(overdue)} {'is' if len(overdue) == 1 else 'are'} past {'its' if len(overdue) == 1 else 'their'} "
            "target date and not complete."
        )
        self.summary_and_recommendations(default_summary, [
            f"note progress on {plan.title} as at {_day(as_at)}",
            "note the exceptions and the changes to the adopted plan set out in this report",
        ])

        # RAG summary by objective or portfolio, as a chart and the same figures as a table.
        used_kinds = list(dict.fromkeys(
            g.kind for s in counted if (g := groups.get(s.element.id)) is not None
        ))
        group_kind = used_kinds[0] if used_kinds else "objective"
        # A plan whose tracked work sits under two kinds of heading (portfolios and pledge
        # areas) names the kind on each row, and calls the column by both names.
        self.mixed_groups = len(used_kinds) > 1
        group_word = " or ".join(self.name(k).lower() for k in used_kinds) if self.mixed_groups else self.name(group_kind).lower()
        self.blocks.append(Heading(f"Delivery status by {group_word}", 2, "rag-summary"))
        self.blocks.append(Para(
            f"Each {unit.lower()} shows the status of its latest approved update on or before {_day(as_at)}. "
            "Status is shown by word and symbol as well as colour: "
            + ", ".join(f"{RAG_SYMBOL[r]} {r.label}" for r in (Rag.RED, Rag.AMBER, Rag.GREEN, Rag.COMPLETE, Rag.NOT_STARTED))
            + ", – no update."
        ))
        rows_by_group: dict[str, dict[str, int]] = {}
        order: list[str] = []
        for status in counted:
            group = groups.get(status.element.id)
            label = self.group_label(group)
            if label not in rows_by_group:
                rows_by_group[label] = {k: 0 for k, *_ in charts.SERIES}
                order.append(label)
            rows_by_group[label][status.rag or "none"] += 1
        chart_rows = [(label, rows_by_group[label]) for label in order]
        width, height, shapes = charts.rag_chart_layout(chart_rows)
        chart_title = f"Delivery status of {units.lower()} by {group_word}, {_day(as_at)}"
        chart_desc = "; ".join(
            f"{label}: " + ", ".join(f"{n} {name.lower()}" for key, name, *_ in charts.SERIES if (n := c[key]))
            for label, c in chart_rows
        ) or "No tracked elements."
        self.blocks.append(Chart(
            title=chart_title, desc=chart_desc,
            svg=charts.to_svg(width, height, shapes, title=chart_title, desc=chart_desc, ident="rag-chart"),
            png=lambda: charts.to_png(width, height, shapes), width_cm=16.5, height_cm=16.5 * height / width,
        ))
        header = [group_word.capitalize()] + [name for _, name, *_ in charts.SERIES] + ["Total"]
        table_rows = [
            [Cell(label)] + [Cell(str(c[key]), rag=key) for key, *_ in charts.SERIES] + [Cell(str(sum(c.values())), bold=True)]
            for label, c in chart_rows
        ]
        table_rows.append(
            [Cell("All", bold=True)] + [Cell(str(counts[key]), rag=key, bold=True) for key, *_ in charts.SERIES]
            + [Cell(str(len(counted)), bold=True)]
        )
        self.blocks.append(Table(
            header=header, rows=table_rows, widths=[0.30] + [0.10] * 6 + [0.10],
            caption=f"Number of {units.lower()} by status and {group_word}, {_day(as_at)}",
        ))

        # Exceptions, each with its commentary.
        self.blocks.append(Heading("Exceptions", 2, "exceptions"))
        redated = redated_since_baseline(plan=plan, until=as_at)
        sections = (
            (f"Off track ({RAG_SYMBOL[Rag.RED]} red)", [s for s in counted if s.rag == Rag.RED]),
            (f"At risk ({RAG_SYMBOL[Rag.AMBER]} amber)", [s for s in counted if s.rag == Rag.AMBER]),
            ("Overdue: past the target date and not complete", overdue),
        )
        for heading, chosen in sections:
            self.blocks.append(Heading(heading, 3))
            if chosen:
                self.blocks.append(self.status_table(chosen, unit, commentary=True))
            else:
                self.blocks.append(Para(f"None as at {_day(as_at)}."))
        self.blocks.append(Heading("Re-dated since the adopted baseline", 3))
        baseline = baseline_current(plan=plan)
        if baseline is None:
            self.blocks.append(Para(self.no_baseline() + ", so there is nothing to compare with."))
        elif redated:
            rows = []
            for element_id, line in redated.items():
                status = statuses.get(element_id)
                element = line.element
                rows.append([
                    Cell(self.refs.get(element.id, "")), Cell(" ".join(element.title.split())),
                    Cell(line.sentence), Cell(_status_text(status), rag=(status.rag or "none") if status else "none"),
                    Cell(_commentary(status)),
                ])
            self.blocks.append(Table(
                header=["Ref", unit, "Change against the baseline", "Status", "Commentary"], rows=rows,
                widths=[0.09, 0.26, 0.27, 0.12, 0.26],
            ))
        else:
            self.blocks.append(Para(f"None: every target date is as adopted on {_day(baseline.adopted_on)}."))

        # Completed since the last report.
        self.blocks.append(Heading(f"Completed since the last report ({_day(since)})", 2, "completed"))
        completed = [
            s for s in counted
            if s.rag == Rag.COMPLETE and s.update is not None
            and since < (s.update.achieved_date or s.update.as_at) <= as_at
        ]
        if completed:
            rows = [
                [Cell(self.refs.get(s.element.id, "")), Cell(" ".join(s.element.title.split())),
                 Cell(s.element.date_text or "–"), Cell(_day(s.update.achieved_date or s.update.as_at))]
                for s in completed
            ]
            self.blocks.append(Table(header=["Ref", unit, "Target date", "Achieved"], rows=rows,
                                     widths=[0.09, 0.57, 0.17, 0.17]))
        else:
            self.blocks.append(Para(f"No {units.lower()} were completed in this period."))

        # Due next period.
        self.blocks.append(Heading(f"Due next period (to {_day(next_end)})", 2, "due-next"))
        due = [
            s for s in counted
            if s.rag != Rag.COMPLETE and s.element.date_end is not None and as_at < s.element.date_end <= next_end
        ]
        if due:
            self.blocks.append(self.status_table(due, unit, commentary=False))
        else:
            self.blocks.append(Para(f"No {units.lower()} are due before {_day(next_end)}."))

        # Every change to the adopted plan, with its reason.
        changes = plan_change_lines(plan=plan, until=as_at)
        self.blocks.append(Heading("Changes to the adopted plan", 2, "changes"))
        if changes:
            self.blocks.append(ListBlock([ListItem(self.change_item(line)) for line in changes]))
        elif baseline is not None:
            self.blocks.append(Para(f"No changes since the plan was adopted on {_day(baseline.adopted_on)}."))
        else:
            self.blocks.append(Para(self.no_baseline() + "."))

        self.implications()
        self.appendices.append((f"Appendix A – {unit} timeline", self.timeline_appendix(counted, groups, unit)))
        annex = performance_annex(plan=plan, as_at=as_at)
        if annex:
            self.appendices.append(("Appendix B – Performance", annex))
        self.appendix_list()
        return ReportDoc(
            title=title, report_kind=self.kind, body_name=self.body_name, blocks=self.blocks,
            header=self.header(title=title, item_no=self.text.item_no, date=self.text.report_date or as_at),
            slug=plan.slug, subject=f"{self.body_name}: {title}".strip(": "),
            sample_data=plan_has_sample_data(plan=plan),
        )

    def top_groups(self) -> dict[int, Element | None]:
        """For each element, its top-most grouping ancestor (objective, portfolio, theme...)."""
        top: dict[int, Element | None] = {}
        for element in self.elements:
            parent = self.by_id.get(element.parent_id) if element.parent_id else None
            if parent is None:
                top[element.id] = None
            else:
                top[element.id] = top.get(parent.id) or (parent if parent.kind in GROUP_KINDS else None)
        return top

    mixed_groups = False

    def no_baseline(self) -> str:
        """Why there is no baseline: not adopted yet, or adopted before baselines were recorded."""
        if self.plan.status in ("adopted", "in_delivery", "closed"):
            return "No baseline was recorded when this plan was adopted"
        return "The plan has not been adopted yet"

    def group_label(self, group: Element | None) -> str:
        if group is None:
            return "Other"
        title = " ".join(group.title.split())
        label = f"{group.label} {title}" if group.label else title
        return f"{self.name(group.kind)} {label}" if self.mixed_groups else label

    def status_table(self, chosen: list[ElementStatus], unit: str, *, commentary: bool) -> Table:
        rows = []
        for status in chosen:
            element = status.element
            row = [
                Cell(self.refs.get(element.id, "")), Cell(" ".join(element.title.split())),
                Cell(element.date_text or "–"), Cell(_status_text(status), rag=status.rag or "none"),
            ]
            if commentary:
                row.append(Cell(_commentary(status)))
            rows.append(row)
        if commentary:
            return Table(header=["Ref", unit, "Target date", "Status", "Commentary"], rows=rows,
                         widths=[0.09, 0.31, 0.14, 0.14, 0.32])
        return Table(header=["Ref", unit, "Target date", "Status"], rows=rows, widths=[0.09, 0.55, 0.18, 0.18])

    def timeline_appendix(self, leaves: list[ElementStatus], groups, unit: str) -> list:
        """The timeline drawn per group on landscape pages, then the same milestones in date
        order as tables, which read the same in every format."""
        figures = _timeline_figures(self.plan, self.as_at)
        blocks: list = list(figures)
        level = 3
        if figures:
            blocks.append(Heading(f"{self.name(unit_kind_of(leaves), plural=True)} in date order", 3))
            level = 4
        by_group: dict[str, list[ElementStatus]] = defaultdict(list)
        order: list[str] = []
        for status in leaves:
            label = self.group_label(groups.get(status.element.id))
            if label not in by_group:
                order.append(label)
            by_group[label].append(status)
        far = dt.date.max
        for label in order:
            blocks.append(Heading(label, level))
            chosen = sorted(by_group[label], key=lambda s: (s.element.date_end or far, s.element.position))
            blocks.append(Table(
                header=["Ref", unit, "Target date", "Period", "Status"],
                rows=[
                    [Cell(self.refs.get(s.element.id, "")), Cell(" ".join(s.element.title.split())),
                     Cell(s.element.date_text or "–"), Cell(_period(s.element)),
                     Cell(_status_text(s), rag=s.rag or "none")]
                    for s in chosen
                ],
                widths=[0.09, 0.44, 0.16, 0.16, 0.15],
            ))
        if not order:
            blocks.append(Para(f"The plan has no {unit.lower()}s to show."))
        return blocks


def unit_kind_of(leaves: list[ElementStatus]) -> str:
    """The kind most of the tracked elements are: what the report counts (milestones, outputs)."""
    return max({s.element.kind for s in leaves} or {"milestone"},
               key=lambda k: sum(1 for s in leaves if s.element.kind == k))


def _timeline_figures(plan: Plan, as_at: dt.date) -> list[Figure]:
    """The plan's milestone timeline (the timeline module's SVG), one drawing per group.

    One drawing of the whole plan would be shrunk to fit a page until its words could not be
    read; one per objective or portfolio, on a landscape page each, keeps them at 9-10 pt. All
    share the plan's axis, and each shows the key political events.
    """
    try:
        from civicplan.timeline.build import timeline_build, timeline_layout
        from civicplan.timeline.draw import timeline_svg
    except ImportError:  # pragma: no cover - the module ships with the product
        return []
    timeline = timeline_build(plan=plan, as_at=as_at)
    if not any(row.dated for row in timeline.rows):
        return []
    figures = []
    layout = timeline_layout(timeline, 1000)  # the axis and event lanes, worked out once for every group
    for index, group in enumerate(timeline.groups):
        part = dataclasses.replace(timeline, groups=[group])
        svg = timeline_svg(part, width=1000, id_prefix=f"report-tl{index + 1}", heading=False, layout=layout)
        size = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        title = f"{group.heading}: timeline of {timeline.row_plural.lower()} as at {_day(as_at)}"
        # Each drawing's own title names its group: it is the PDF's alternative text for it.
        svg = re.sub(r"(<title id=\"[^\"]*\">)[^<]*(</title>)", lambda m: m.group(1) + escape(title) + m.group(2),
                     svg, count=1)
        figures.append(Figure(
            title=title,
            desc=f"The {timeline.row_plural.lower()} of {group.heading} on a timeline; "
                 "the tables that follow list the same.",
            svg=svg, aspect=float(size.group(2)) / float(size.group(1)) if size else 0.0, page="landscape",
        ))
    return figures


def _period(element: Element) -> str:
    if element.date_start and element.date_end:
        start, end = element.date_start, element.date_end
        if start == end:
            return _day(start)
        if start.day == 1:
            if (start.year, start.month) == (end.year, end.month):
                return f"{start:%b %Y}"  # the whole of one month
            return f"{start:%b %Y} – {end:%b %Y}"
        return f"{_day(start)} – {_day(end)}"
    if element.date_end:
        return f"by {_day(element.date_end)}"
    if element.date_start:
        return f"from {_day(element.date_start)}"
    return "–"


def _status_text(status: ElementStatus | None) -> str:
    if status is None or status.rag is None:
        return "– No update"
    text = f"{RAG_SYMBOL[Rag(status.rag)]} {Rag(status.rag).label}"
    if status.rag not in (Rag.COMPLETE, Rag.NOT_STARTED):
        text += f", {status.percent:.0f}%"
    if status.set_by_hand_note:
        text += f", {status.set_by_hand_note}"
    if status.overdue:
        text += ", overdue"
    return text


def _commentary(status: ElementStatus | None) -> str:
    if status is None or status.update is None:
        return "No update yet."
    update = status.update
    if update.commentary_internal or not update.commentary:
        return f"No published commentary (update of {_day(update.as_at)})."
    return f"{' '.join(update.commentary.split())} ({_day(update.as_at)})"


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _months_before(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(y, m + 1, min(day.day, 28))


def _months_after(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(y, m + 1, min(day.day, 28))


def report_build(
    *, plan: Plan, kind: str, as_at: dt.date | None = None, since: dt.date | None = None,
    text: ReportText | None = None,
) -> ReportDoc:
    """The report's content. `as_at` matters for progress reports (today if not given)."""
    from django.utils import timezone

    if kind not in ReportKind.values:
        raise ValueError(f"unknown report kind {kind!r}")
    as_at = as_at or timezone.localdate()
    if text is None:
        from .services import report_text_for

        text = report_text_for(plan=plan, kind=kind, as_at=as_at)
    builder = _Builder(plan=plan, kind=kind, as_at=as_at, since=since, text=text)
    return builder.plan_report() if kind == ReportKind.PLAN else builder.progress_report()


def performance_annex(*, plan: Plan, as_at: dt.date) -> list:
    """The plan's service KPIs as at the date: latest value, target and RAG (from the one KPI
    selector), the exceptions (red, amber or an SPC signal of concern), and each series as an
    XmR chart with a table of the same figures. Empty when no indicator measures the plan."""
    from civicplan.indicators.selectors import plan_kpis
    from civicplan.indicators.svg import fmt, spc_chart

    kpis = plan_kpis(plan=plan, as_at=as_at)
    if not kpis:
        return []
    blocks: list = [
        Para(f"The indicators that measure this plan, with the latest value for a period ended by {_day(as_at)}, "
             "the target for that period and its status against the target's tolerance."),
        Table(header=["Indicator", "Period", "Value", "Target", "Status"], rows=[
            [Cell(k.indicator.name), Cell(k.period_label or "–"), Cell(k.shown), Cell(k.target_shown),
             Cell(k.rag_words, rag=k.rag or "none")]
            for k in kpis
        ], widths=[0.34, 0.2, 0.14, 0.14, 0.18]),
        Heading("Performance exceptions", 3),
    ]
    exceptions = [k for k in kpis if k.exception]
    if exceptions:
        items = []
        for k in exceptions:
            text = f"{k.indicator.name}: {k.shown} in {k.period_label}"
            if k.target:
                text += f" against a target of {k.target_shown} ({k.rag_words.lower()})"
            if k.variation == "concern":
                text += f"; signal of concern: {k.signal_words}"
            items.append(ListItem(text))
        blocks.append(ListBlock(items))
    else:
        blocks.append(Para("No indicator is off target, within tolerance only, or showing a signal of concern."))
    for index, k in enumerate(k for k in kpis if k.spc is not None):
        chart, places = k.spc, k.indicator.decimal_places
        title = f"{k.indicator.name}, {k.area.name}: XmR chart to {k.period_label}"
        blocks.append(Heading(title, 3))
        blocks.append(Figure(
            title=title,
            desc=(f"{len(k.series)} values with mean {fmt(chart.mean, places)} and process limits "
                  f"{fmt(chart.lower_limit, places)} to {fmt(chart.upper_limit, places)}; special-cause points are "
                  "marked by shape. The table that follows lists the same values."),
            svg=spc_chart(title=title, desc="XmR chart; the table that follows lists the same values.",
                          labels=[_short_period(v.period) for v in k.series], values=[v.value for v in k.series],
                          mean=chart.mean, lower=chart.lower_limit, upper=chart.upper_limit,
                          variations=[p.variation for p in chart.points], target=k.target.value if k.target else None,
                          places=places, chart_id=f"report-spc{index + 1}"),
            aspect=320 / 760,
        ))
        blocks.append(Table(header=["Period", "Value", "Variation"], rows=[
            [Cell(_short_period(v.period)), Cell(fmt(v.value, places)), Cell(p.variation)]
            for v, p in zip(k.series, chart.points, strict=True)
        ], caption=f"{title} (table): mean {fmt(chart.mean, places)}, lower limit {fmt(chart.lower_limit, places)}, "
                   f"upper limit {fmt(chart.upper_limit, places)}", widths=[0.4, 0.3, 0.3]))
    return blocks


def _short_period(period: str) -> str:
    from civicplan.indicators.periods import period_label

    return period_label(period)
