"""Build the importer's test corpus: documents in the layouts councils publish, each with its
hand-checked expected plan file (plan JSON v1) beside it.

Every document is written here from a hand-written spec below: the expected elements are the
spec (what a person reading the document would record), never the importer's output. Run:

    .venv/bin/python tests/importer/corpus/build_corpus.py

and commit the files it writes. The councils, people and actions are invented.
"""

from __future__ import annotations

import html
import io
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))


def period(text: str) -> tuple[str | None, str | None]:
    """The hand-checked period for each date phrase the corpus prints (ISO start, end)."""
    return HAND_DATES[text]


#: Checked by hand: meteorological seasons, calendar quarters, "December 24" = December 2024.
HAND_DATES = {
    "": (None, None), "TBC": (None, None),
    "Winter 2025/6": ("2025-12-01", "2026-02-28"), "April/May 2025": ("2025-04-01", "2025-05-31"),
    "Feb 2025 - Apr 2026": ("2025-02-01", "2026-04-30"), "Q3 2026": ("2026-07-01", "2026-09-30"),
    "December 24": ("2024-12-01", "2024-12-31"), "Spring 2026": ("2026-03-01", "2026-05-31"),
    "March 2026": ("2026-03-01", "2026-03-31"), "Summer 2025": ("2025-06-01", "2025-08-31"),
    "2025/26": ("2025-04-01", "2026-03-31"), "June 2026": ("2026-06-01", "2026-06-30"),
    "September 2025": ("2025-09-01", "2025-09-30"), "Autumn 2026": ("2026-09-01", "2026-11-30"),
    "Q1 2026": ("2026-01-01", "2026-03-31"), "January 2027": ("2027-01-01", "2027-01-31"),
    "Summer 2026": ("2026-06-01", "2026-08-31"), "October 2025": ("2025-10-01", "2025-10-31"),
}


def element(eid, kind, title, *, parent=None, label="", text="", date_text="", links=(), owner=""):
    start, end = period(date_text)
    out = {"id": eid, "kind": kind, "parent": parent, "label": label, "title": title, "text": text,
           "date_text": date_text, "start": start, "end": end, "links": [{"type": "contributes_to", "target": t} for t in links]}
    if owner:
        out["owner"] = owner
    return out


# --- hand-written content ---------------------------------------------------------------

ACTION_PLANS = [
    ("Harrowfield District Council", "Climate Action Plan 2025-2027",
     [("SO1", "Cut the council's own carbon emissions"), ("SO2", "Help residents make homes warmer"),
      ("SO3", "Grow green jobs and skills")],
     [("Replace the boilers in the three civic buildings with heat pumps", "Head of Property", "Summer 2025",
       "Tonnes of carbon saved each year", ["SO1"]),
      ("Offer free home energy surveys to households on low incomes across the district", "Housing Manager",
       "2025/26", "Number of surveys completed", ["SO2"]),
      ("Launch a retrofit skills course with the local college", "Economy Lead", "September 2025",
       "Learners enrolled", ["SO3"]),
      ("Switch the fleet's pool cars to electric vehicles", "Fleet Manager", "March 2026",
       "Share of fleet that is electric", ["SO1"]),
      ("Publish a grant scheme for small businesses fitting solar panels", "Economy Lead", "Spring 2026",
       "Grants paid", ["SO1", "SO3"])]),
    ("Pendleby Borough Council", "Community Safety Action Plan",
     [("SO1", "Reduce anti-social behaviour in town centres"), ("SO2", "Support victims of domestic abuse"),
      ("SO3", "Keep young people safe")],
     [("Fund two extra community wardens for the market square", "Community Safety Manager", "June 2026",
       "Reports of anti-social behaviour", ["SO1"]),
      ("Open a second refuge with eight family rooms", "Housing Options Lead", "Q3 2026",
       "Families housed", ["SO2"]),
      ("Run youth clubs on Friday evenings in four estates", "Youth Services Manager", "Autumn 2026",
       "Young people attending", ["SO3"]),
      ("Train licensed premises staff to spot exploitation", "Licensing Team Leader", "October 2025",
       "Staff trained", ["SO3", "SO1"])]),
    ("Westmere County Council", "Economic Growth Delivery Plan",
     [("SO1", "More people in good work"), ("SO2", "Thriving high streets")],
     [("Create a single front door for employers seeking apprentices", "Skills Board Chair", "Q1 2026",
       "Employers signed up", ["SO1"]),
      ("Reopen empty shop units through a meanwhile-use scheme", "Town Centres Officer", "Summer 2026",
       "Units reopened", ["SO2"]),
      ("Commission a business rates relief review for independent traders", "Director of Finance",
       "January 2027", "Review published", ["SO2"])]),
]

ACTION_TRACKERS = [
    ("Ashbourne Vale Council", "Corporate Improvement Action Tracker",
     [("Adopt a new customer access strategy", "Assistant Director, Customer Services", "March 2026", "On track"),
      ("Close the gap in the medium term financial plan", "Section 151 Officer", "2025/26", "At risk"),
      ("Move payroll to the shared service", "Head of HR", "October 2025", "Complete"),
      ("Review the scheme of delegation", "Monitoring Officer", "TBC", "Not started")]),
    ("Corringham City Council", "Housing Service Action Plan",
     [("Inspect every council home for damp and mould", "Head of Repairs", "Spring 2026", "On track"),
      ("Recruit twelve more repairs operatives", "Repairs Manager", "Summer 2025", "Complete"),
      ("Publish the tenant satisfaction measures", "Performance Lead", "June 2026", "On track")]),
]

TIMETABLES = [
    ("Brackley Heath District Council", "Local Development Scheme: Local Plan Timetable",
     [("Call for sites", "April/May 2025"), ("Regulation 18 consultation", "Winter 2025/6"),
      ("Regulation 19 publication", "Q3 2026"), ("Submission to the Secretary of State", "January 2027"),
      ("Examination hearings", "TBC")]),
    ("Oldcastle Borough Council", "Minerals and Waste Plan Timetable",
     [("Evidence gathering", "Feb 2025 - Apr 2026"), ("Issues and options consultation", "December 24"),
      ("Preferred options consultation", "Autumn 2026"), ("Adoption", "TBC")]),
    ("Kingsmere Council", "Neighbourhood Plan Programme",
     [("Area designated", "December 24"), ("Draft plan consultation", "Spring 2026"),
      ("Independent examination", "Q3 2026"), ("Referendum", "January 2027")]),
]

PLANNED_ACTUAL = [
    ("Lowford District Council", "Local Plan Review Timetable",
     [("Scoping consultation", "April/May 2025", "June 2026"), ("Draft plan consultation", "Winter 2025/6", "TBC"),
      ("Submission", "Q3 2026", "")]),
]

PLEDGES = [
    ("Marston Fold Council", "Our Pledges to Residents 2025-2029",
     [("Cleaner streets", [("Sweep every town centre street daily", ["Add evening litter picks in summer"]),
                           ("Remove fly-tipping within two working days", [])]),
      ("Better homes", [("Build 400 council homes", ["Half of them with three or more bedrooms",
                                                     "All to a zero carbon standard"]),
                        ("License every private landlord in the borough", [])]),
      ("Healthier lives", [("Keep all five leisure centres open", []),
                           ("Offer free swimming to under-16s", ["In the school holidays"])])]),
    ("Elmbridge Vale Council", "Manifesto Commitments",
     [("Transport", [("Fill reported potholes within a week", []), ("Extend the park and ride", ["To Sundays"])]),
      ("Culture", [("Reopen the town museum", []), ("Hold a free summer festival each year", [])])]),
]

COMMITTEE = [
    ("Dunmore County Council", "Council Plan Priorities 2025-26", "Cabinet", "30 January 2025",
     "Corporate Director, Strategy", "All",
     ["Healthy and independent lives", "A strong local economy", "Safe and resilient communities"]),
    ("Ravensholt Borough Council", "Annual Delivery Plan", "Executive", "12 March 2025",
     "Head of Policy", "Northgate; Southgate",
     ["Young people thrive", "A greener borough", "Homes people can afford", "Good services, every time"]),
]

THEMES = [
    ("Fernhill Council", "Corporate Plan at a Glance",
     [("People", ["Children get the best start in life", "Older people live independently for longer"]),
      ("Place", ["Neighbourhoods are clean and green", "Town centres are busy and safe"]),
      ("Prosperity", ["Local firms grow and create jobs", "Residents gain skills for work"])]),
]

# --- genres: expected elements + text in each format --------------------------------------


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def action_plan(council, title, outcomes, actions):
    elements = [element(code.lower(), "objective", name, label=code) for code, name in outcomes]
    for n, (action, owner, when, measure, codes) in enumerate(actions, 1):
        elements.append(element(f"a{n}", "milestone", action, label=str(n), date_text=when,
                                links=[c.lower() for c in codes], owner=owner, text=""))
    head = ["No.", "What we will do", "Led by", "Timescale", "Measure", "Outcome"]
    rows = [[str(n), a, o, w, m, ", ".join(c)] for n, (a, o, w, m, c) in enumerate(actions, 1)]
    return elements, {"outcomes": outcomes, "head": head, "rows": rows}


def tracker(council, title, actions):
    elements = [element(f"a{n}", "milestone", a, label="", date_text=w, owner=o)
                for n, (a, o, w, s) in enumerate(actions, 1)]
    return elements, {"head": ["Action", "Owner", "Target date", "Status"], "rows": [list(a) for a in actions]}


def timetable(council, title, stages):
    elements = [element(f"s{n}", "milestone", s, date_text=d) for n, (s, d) in enumerate(stages, 1)]
    return elements, {"head": ["Stage", "Date"], "rows": [list(s) for s in stages]}


def planned_actual(council, title, stages):
    elements = [element(f"s{n}", "milestone", s, date_text=p) for n, (s, p, a) in enumerate(stages, 1)]
    return elements, {"head": ["Stage", "Planned", "Actual"], "rows": [list(s) for s in stages]}


def pledges(council, title, areas):
    elements = []
    for a, (area, items) in enumerate(areas, 1):
        elements.append(element(f"area{a}", "pledge_area", area))
        for p, (pledge, subs) in enumerate(items, 1):
            pid = f"area{a}-p{p}"
            elements.append(element(pid, "pledge", pledge, parent=f"area{a}", label=str(p)))
            for s, sub in enumerate(subs, 1):
                elements.append(element(f"{pid}-{s}", "pledge", sub, parent=pid, label="abcdefgh"[s - 1]))
    return elements, {"areas": areas}


def committee(council, title, to, when, author, division, priorities):
    elements = [element(f"p{n}", "priority", p, label=str(n)) for n, p in enumerate(priorities, 1)]
    # A report's implications are a part of the plan it adopts, as in the seed papers.
    elements.append(element("imp1", "implication", "Financial implications", label="3",
                            text="The priorities are met from the approved budget."))
    return elements, {"to": to, "when": when, "author": author, "division": division, "priorities": priorities}


def themes(council, title, columns):
    elements = []
    for t, (theme, objectives) in enumerate(columns, 1):
        elements.append(element(f"t{t}", "theme", theme))
        for o, objective in enumerate(objectives, 1):
            elements.append(element(f"t{t}-o{o}", "objective", objective, parent=f"t{t}"))
    return elements, {"columns": columns}


# --- writers ------------------------------------------------------------------------------

CSS = """
@page { size: A4 %(orient)s; margin: 22mm 15mm;
  @top-center { content: "%(banner)s"; font-size: 8pt; color: #555 }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt } }
body { font-family: Arial, sans-serif; font-size: 10pt }
h1 { font-size: 20pt } h2 { font-size: 14pt }
table { border-collapse: collapse; width: 100%% } thead { display: table-header-group }
th, td { border: 1px solid #333; padding: 4px; vertical-align: top; text-align: left }
tr { page-break-inside: avoid }
.cols { display: flex; gap: 8mm } .box { flex: 1; border: 1px solid #333; padding: 3mm }
"""


def _esc(text):
    return html.escape(text)


def _table_html(head, rows, repeat=1):
    body = "".join("<tr>" + "".join(f"<td>{_esc(c)}</td>" for c in row) + "</tr>" for row in rows * repeat)
    return ("<table><thead><tr>" + "".join(f"<th>{_esc(h)}</th>" for h in head) + "</tr></thead><tbody>"
            + body + "</tbody></table>")


def to_html(genre, council, title, data):
    parts = [f"<h1>{_esc(title)}</h1>", f"<p>{_esc(council)}</p>"]
    if genre == "action_plan":
        parts.append("<h2>Our strategic outcomes</h2><ul>")
        parts += [f"<li>{c}: {_esc(n)}</li>" for c, n in data["outcomes"]]
        parts.append("</ul><h2>Action plan</h2>" + _table_html(data["head"], data["rows"]))
    elif genre in ("tracker", "timetable", "planned_actual"):
        parts.append(_table_html(data["head"], data["rows"]))
    elif genre == "pledges":
        for area, items in data["areas"]:
            parts.append(f"<h2>{_esc(area)}</h2><ol>")
            for pledge, subs in items:
                inner = "".join(f"<li>{_esc(s)}</li>" for s in subs)
                parts.append(f"<li>{_esc(pledge)}" + (f"<ol type='a'>{inner}</ol>" if inner else "") + "</li>")
            parts.append("</ol>")
    elif genre == "themes":
        parts.append("<div class='cols'>")
        for theme, objectives in data["columns"]:
            parts.append(f"<div class='box'><h2>{_esc(theme)}</h2><ul>"
                         + "".join(f"<li>{_esc(o)}</li>" for o in objectives) + "</ul></div>")
        parts.append("</div>")
    elif genre == "committee":
        parts = [f"<p>To: {data['to']}, {data['when']}</p>", f"<p>From: {_esc(data['author'])}</p>",
                 "<p>Decision No: 2025/014</p>", f"<p>Electoral division: {_esc(data['division'])}</p>",
                 f"<h1>{_esc(title)}</h1>", "<h2>1. Purpose of the report</h2>",
                 "<p>1.1 This report asks members to agree the priorities for the coming year.</p>",
                 "<p>1.2 It follows consultation with residents over the summer.</p>",
                 "<h2>2. Our priorities</h2>"]
        parts += [f"<p>2.{n} {_esc(p)}</p>" for n, p in enumerate(data["priorities"], 1)]
        parts += ["<h2>3. Financial implications</h2>",
                  "<p>3.1 The priorities are met from the approved budget.</p>"]
    return "".join(parts)


def to_markdown(genre, council, title, data):
    lines = [f"# {title}", "", council, ""]
    if genre == "action_plan":
        lines += ["## Our strategic outcomes", ""] + [f"- {c}: {n}" for c, n in data["outcomes"]] + ["", "## Action plan", ""]
    if "head" in data:
        lines += ["| " + " | ".join(data["head"]) + " |", "|" + "---|" * len(data["head"])]
        lines += ["| " + " | ".join(r) + " |" for r in data["rows"]]
    if genre == "pledges":
        for area, items in data["areas"]:
            lines += [f"## {area}", ""]
            for n, (pledge, subs) in enumerate(items, 1):
                lines.append(f"{n}. {pledge}")
                lines += [f"    {'abcdefgh'[s]}. {sub}" for s, sub in enumerate(subs)]
            lines.append("")
    if genre == "themes":
        for theme, objectives in data["columns"]:
            lines += [f"## {theme}", ""] + [f"- {o}" for o in objectives] + [""]
    return "\n".join(lines) + "\n"


def to_pdf(genre, council, title, data, *, landscape=False):
    from weasyprint import HTML

    css = CSS % {"orient": "landscape" if landscape else "portrait", "banner": f"{council} | {title}"}
    return HTML(string=f"<html><head><style>{css}</style></head><body>{to_html(genre, council, title, data)}</body></html>").write_pdf()


def _numbered(doc, text, level):
    """A paragraph in the document's 'List Number' numbering at list level `level` (w:ilvl)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = doc.add_paragraph(text, style="List Number")
    ppr = paragraph._p.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    ilvl = OxmlElement("w:ilvl")
    ilvl.set(qn("w:val"), str(level))
    numid = OxmlElement("w:numId")
    numid.set(qn("w:val"), "1")
    numpr.append(ilvl)
    numpr.append(numid)
    ppr.append(numpr)
    return paragraph


def to_docx(genre, council, title, data):
    import docx

    doc = docx.Document()
    doc.add_heading(title, level=0)
    doc.add_paragraph(council)
    if genre == "action_plan":
        doc.add_heading("Our strategic outcomes", level=1)
        for c, n in data["outcomes"]:
            doc.add_paragraph(f"{c}: {n}", style="List Bullet")
        doc.add_heading("Action plan", level=1)
    if "head" in data:
        table = doc.add_table(rows=1, cols=len(data["head"]))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, data["head"]):
            cell.text = text
        for row in data["rows"]:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
    if genre == "pledges":
        for area, items in data["areas"]:
            doc.add_heading(area, level=1)
            for pledge, subs in items:
                _numbered(doc, pledge, 0)
                for sub in subs:
                    _numbered(doc, sub, 1)
    if genre == "themes":
        for theme, objectives in data["columns"]:
            doc.add_heading(theme, level=1)
            for o in objectives:
                doc.add_paragraph(o, style="List Bullet")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def plan_file(name, council, title, elements, fmt):
    return {"format": "civicplan-plan", "version": 1,
            "meta": {"slug": name, "title": title, "organisation": council, "source_document": f"{name}.{fmt}"},
            "elements": elements}


def documents():
    """(name, format, genre, council, title, data, elements) for every corpus document."""
    out = []
    fmts = ["pdf", "docx", "md"]
    for n, (council, title, outcomes, actions) in enumerate(ACTION_PLANS):
        elements, data = action_plan(council, title, outcomes, actions)
        for fmt in fmts:
            out.append((f"action-plan-{slug(council)}", fmt, "action_plan", council, title, data, elements))
    for council, title, actions in ACTION_TRACKERS:
        elements, data = tracker(council, title, actions)
        for fmt in fmts:
            out.append((f"tracker-{slug(council)}", fmt, "tracker", council, title, data, elements))
    for council, title, stages in TIMETABLES:
        elements, data = timetable(council, title, stages)
        for fmt in fmts:
            out.append((f"timetable-{slug(council)}", fmt, "timetable", council, title, data, elements))
    for council, title, stages in PLANNED_ACTUAL:
        elements, data = planned_actual(council, title, stages)
        for fmt in ("pdf", "md"):
            out.append((f"timetable-{slug(council)}", fmt, "planned_actual", council, title, data, elements))
    for council, title, areas in PLEDGES:
        elements, data = pledges(council, title, areas)
        for fmt in fmts:
            out.append((f"pledges-{slug(council)}", fmt, "pledges", council, title, data, elements))
    for council, title, to, when, author, division, priorities in COMMITTEE:
        elements, data = committee(council, title, to, when, author, division, priorities)
        out.append((f"report-{slug(council)}", "pdf", "committee", council, title, data, elements))
    for council, title, columns in THEMES:
        elements, data = themes(council, title, columns)
        for fmt in ("pdf", "docx"):
            out.append((f"themes-{slug(council)}", fmt, "themes", council, title, data, elements))
    return out


def main() -> int:
    import logging

    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)
    count = 0
    for name, fmt, genre, council, title, data, elements in documents():
        stem = f"{name}-{fmt}"
        if fmt == "pdf":
            payload = to_pdf(genre, council, title, data, landscape=genre in ("action_plan", "tracker"))
        elif fmt == "docx":
            payload = to_docx(genre, council, title, data)
        else:
            payload = to_markdown(genre, council, title, data).encode()
        (HERE / f"{stem}.{fmt}").write_bytes(payload)
        (HERE / f"{stem}.expected.json").write_text(
            json.dumps(plan_file(stem, council, title, elements, fmt), indent=2) + "\n", encoding="utf-8")
        count += 1
    print(f"wrote {count} documents to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
