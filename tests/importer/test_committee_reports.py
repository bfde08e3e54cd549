"""Committee-report layouts a reviewer met in unseen documents: report sections numbered
"1." "2." like a list, header labels in other spellings and fields left empty, a two-page
PDF's running header and footer, an appendix repeating a short list from the body, and a
heading with a paragraph of its own as well as a list. Each is a real file written to a
temporary folder and imported as a user would."""

from __future__ import annotations

import re

from civicplan.importer.cleanup import drop_duplicates
from civicplan.importer.document import Block
from civicplan.importer.pipeline import import_file

from .conftest import by_kind, children, html_pdf, write


#: A report whose own sections are numbered "1." to "8.", with the plan's numbered
#: priorities inside section 3 and its implications in sections 5 to 7.
NUMBERED_SECTIONS = """Ashford Vale District Council

Community Safety Plan 2026-27

Report to: Overview and Scrutiny Committee
Date: 12 May 2026
Report by: Head of Community Safety

Summary: The community safety priorities for the coming year.

1. Introduction

This report sets out the community safety plan for the coming year, agreed with the police
and our partners.

2. Background

The previous plan ended in March 2026. Crime in the district has fallen, but residents still
worry about anti-social behaviour in the town centre.

3. Our priorities

1. Reduce anti-social behaviour in the town centre
a) Extend the CCTV network to the bus station by December 2026.
b) Fund two extra street wardens.

2. Keep young people safe
a) Run a summer diversion programme for 300 young people.

4. Key milestones

- Town centre CCTV upgrade complete - December 2026
- New youth hub opens - Spring 2027

5. Financial implications

The plan will be delivered within the existing community safety budget of £1.2 million.

6. Legal implications

The council has a duty under the Crime and Disorder Act 1998 to work with partners to reduce crime.

7. Equalities implications

An equality impact assessment has been completed and found no adverse impact.

8. Appendices

Appendix A: Crime figures 2025/26
"""


def test_numbered_report_sections_are_not_priorities(tmp_path):
    plan = import_file(write(tmp_path, "safety.txt", NUMBERED_SECTIONS)).plan
    priorities = by_kind(plan, "priority")
    assert [(p["label"], p["title"]) for p in priorities] == [
        ("1", "Reduce anti-social behaviour in the town centre"), ("2", "Keep young people safe")]
    assert [o["kind"] for o in children(plan, priorities[0])] == ["output", "output"]
    assert [m["title"] for m in by_kind(plan, "milestone")] == ["Town centre CCTV upgrade complete", "New youth hub opens"]
    titles = {e["title"]: e for e in plan["elements"]}
    for heading in ("Introduction", "Background", "Our priorities", "Key milestones", "Appendices"):
        assert heading not in titles or titles[heading]["kind"] != "priority"
    assert titles["Background"]["text"].startswith("The previous plan ended in March 2026.")


def test_numbered_implications_sections_are_implications_with_their_text(tmp_path):
    plan = import_file(write(tmp_path, "safety.txt", NUMBERED_SECTIONS)).plan
    implications = by_kind(plan, "implication")
    assert [i["title"] for i in implications] == [
        "Financial implications", "Legal implications", "Equalities implications"]
    assert implications[0]["text"] == "The plan will be delivered within the existing community safety budget of £1.2 million."
    assert implications[2]["text"].startswith("An equality impact assessment")


def test_one_priority_named_like_a_report_section_leaves_its_list_priorities(tmp_path):
    text = """Ridgeway Council Plan 2026

Our priorities

1. Housing
a) Build 100 homes by 2028.

2. Consultation
a) Hold a residents' survey every year.

3. Transport
a) Open a new bus route by March 2027.
"""
    plan = import_file(write(tmp_path, "ridgeway.txt", text)).plan
    priorities = {p["title"]: p for p in by_kind(plan, "priority")}
    assert (priorities["Housing"]["label"], priorities["Transport"]["label"]) == ("1", "3")
    assert [o["kind"] for o in children(plan, priorities["Transport"])] == ["output"]


#: A header written with other labels, in capitals, with some fields left empty and a title
#: that kept the punctuation of a field the author never filled in.
OTHER_LABELS = """Northgate Borough Council

Tenant Engagement Plan (, )

MEETING: Housing Scrutiny Panel
Date of meeting: 9 June 2026
AUTHOR: Kim Lee
Job Title:
Telephone: -
E-mail address: kim.lee@northgate.gov.uk

Summary: How we will involve tenants in running their homes.

Our priorities

1. Set up a tenants' panel
2. Publish a tenant satisfaction report every year
"""


def test_header_labels_in_other_spellings_and_empty_fields(tmp_path):
    meta = import_file(write(tmp_path, "tenants.txt", OTHER_LABELS)).plan["meta"]
    assert meta["title"] == "Tenant Engagement Plan"
    assert (meta["committee"], meta["meeting_date"], meta["report_by"]) == (
        "Housing Scrutiny Panel", "2026-06-09", "Kim Lee")
    assert (meta["job_title"], meta["contact_phone"], meta["contact_email"]) == ("", "", "kim.lee@northgate.gov.uk")


def test_a_meeting_label_may_give_the_meeting_and_its_date_and_an_author_their_contact(tmp_path):
    text = OTHER_LABELS.replace("MEETING: Housing Scrutiny Panel\nDate of meeting: 9 June 2026\nAUTHOR: Kim Lee",
                                "Meeting: Cabinet, 3 March 2026\nReport author: Ravi Shah, 01632 960555")
    meta = import_file(write(tmp_path, "tenants.txt", text)).plan["meta"]
    assert (meta["committee"], meta["meeting_date"], meta["report_by"], meta["contact_phone"]) == (
        "Cabinet", "2026-03-03", "Ravi Shah", "01632 960555")


def test_no_header_value_is_bare_punctuation(tmp_path):
    text = OTHER_LABELS.replace("AUTHOR: Kim Lee", "AUTHOR: ( , )").replace("Job Title:", "Job Title: -")
    meta = import_file(write(tmp_path, "tenants.txt", text)).plan["meta"]
    for name in ("title", "committee", "report_by", "job_title", "contact_officer", "contact_phone", "item_no"):
        value = meta[name]
        assert value == "" or any(c.isalnum() for c in value), (name, value)
        assert "()" not in value.replace(" ", "") and "(,)" not in value.replace(" ", ""), (name, value)


#: Two pages with a running header and footer in the page margins; the footer's words also
#: head a part of the body, which is content.
TWO_PAGES_HTML = """<html><head><style>
@page { size: A4; margin: 2cm; @top-center { content: "Harbour Town Council Delivery Plan 2026"; font-size: 8pt; }
  @bottom-center { content: "Draft for Cabinet"; font-size: 8pt; } }
body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; }
.big { font-size: 20pt; font-weight: bold; } .h1 { font-size: 15pt; font-weight: bold; margin-top: 14pt; }
</style></head><body>
<p class="big">Harbour Town Delivery Plan 2026</p>
<p><b>Date:</b> 4 March 2026</p>
<p><b>Summary:</b> What we will deliver this year.</p>
<p class="h1">Our priorities</p>
<ol><li>Repair the harbour wall.</li><li>Open the new market hall.</li></ol>
<p class="h1">Draft for Cabinet</p>
<p>This part of the plan is still a draft for the cabinet to agree.</p>
<p style="page-break-before: always" class="h1">Our pledges</p>
<ul><li>We will keep the harbour open all year.</li><li>We will publish the market rents every year.</li></ul>
</body></html>"""


def test_a_two_page_pdfs_running_header_and_footer_are_dropped(tmp_path):
    result = import_file(write(tmp_path, "harbour.pdf", html_pdf(TWO_PAGES_HTML)))
    assert result.pages == 2
    plan = result.plan
    assert plan["meta"]["title"] == "Harbour Town Delivery Plan 2026"
    everything = [e["title"] + " " + e["text"] for e in plan["elements"]]
    assert not any("Harbour Town Council Delivery Plan" in t for t in everything)
    # The same words in the body are content, and kept once.
    draft = [e for e in plan["elements"] if e["title"] == "Draft for Cabinet"]
    assert len(draft) == 1 and draft[0]["text"] == "This part of the plan is still a draft for the cabinet to agree."
    assert [p["title"] for p in by_kind(plan, "pledge")] == [
        "We will keep the harbour open all year.", "We will publish the market rents every year."]


#: An appendix that repeats the body's short list of pledges, and two implications whose
#: text is the same common line.
REPEATED_LIST = """Fenwick District Council

Waste and Recycling Plan 2026

Date: 2 February 2026
Report by: Head of Waste Services

Summary: How we will collect and recycle more of the district's waste.

Our pledges

- We will collect food waste from every home every week.
- We will empty every public litter bin at least twice a week.
- We will clear reported fly-tipping within two working days.

Our priorities

1. Recycle more household waste
a) Give every flat a recycling bin by March 2027.
b) Run a recycling campaign in schools.

Legal implications

None.

Equalities implications

None.

Appendix A: Our pledges at a glance

- We will collect food waste from every home every week.
- We will empty every public litter bin at least twice a week.
- We will clear reported fly-tipping within two working days.
"""


def test_an_appendix_repeating_a_short_list_is_not_imported_twice(tmp_path):
    plan = import_file(write(tmp_path, "waste.txt", REPEATED_LIST)).plan
    pledges = by_kind(plan, "pledge")
    assert [p["title"] for p in pledges] == [
        "We will collect food waste from every home every week.",
        "We will empty every public litter bin at least twice a week.",
        "We will clear reported fly-tipping within two working days."]
    assert all(p["parent"] is None for p in pledges)  # the body's copy, where the document put it
    # A common line printed twice ("None.") is not a repeated passage.
    assert [(i["title"], i["text"]) for i in by_kind(plan, "implication")] == [
        ("Legal implications", "None."), ("Equalities implications", "None.")]


def test_short_repeated_runs_need_a_minimum_to_be_duplicates():
    def blocks(*texts):
        return [Block(text=t, role="item", marker="bullet", style_key="bullet") for t in texts]

    # Two short lines, or three with few words, printed again are not a repeated list.
    twice = blocks("Housing", "Transport", "Skills", "Housing", "Transport", "Skills")
    assert len(drop_duplicates(twice)) == 6
    common = blocks("None.", "None.", "None.", "None.", "None.", "None.")
    assert len(drop_duplicates(common)) == 6
    listed = ("Open the new library in the town centre", "Resurface the high street car park",
              "Plant trees along the river path")
    assert [b.text for b in drop_duplicates(blocks(*listed, *listed))] == list(listed)


#: A heading with a paragraph of its own and then a list, in Markdown and in plain text.
VISION_MD = """# Moorside Town Council Plan 2026-2029

## Our vision

A town where everyone can find a home, a job and a green space within ten minutes' walk.

- A thriving high street
- Safe and clean neighbourhoods
- Homes local people can afford

## Our priorities

1. Build 150 new homes on council land.
2. Bring 30 empty homes back into use.
"""


def test_a_heading_with_a_paragraph_and_a_list_keeps_both(tmp_path):
    for name, content in (("moorside.md", VISION_MD), ("moorside.txt", re.sub(r"(?m)^#+ ", "", VISION_MD))):
        plan = import_file(write(tmp_path, name, content)).plan
        vision = next(e for e in plan["elements"] if e["title"] == "Our vision")
        assert vision["text"] == "A town where everyone can find a home, a job and a green space within ten minutes' walk."
        assert [c["title"] for c in children(plan, vision)] == [
            "A thriving high street", "Safe and clean neighbourhoods", "Homes local people can afford"]
        # A heading with only the list under it still just names it.
        assert "Our priorities" not in [e["title"] for e in plan["elements"]]
        assert [p["title"] for p in by_kind(plan, "priority")] == [
            "Build 150 new homes on council land.", "Bring 30 empty homes back into use."]
