"""Emoji and mathematical letters in a PDF plan (characters beyond 16 bits, which PDFium gives
as two halves) are imported whole, in the draft, its source text and the plan saved from it."""

from __future__ import annotations

import pytest

from civicplan.core.permissions import Role
from civicplan.importer.services import import_draft_create, import_draft_save
from civicplan.plans.models import Element
from tests.factories import make_user

weasyprint = pytest.importorskip("weasyprint")

PLAN = """<h1>Tidewater District Council Green Plan 2026</h1>
<h2>1. Cleaner air 🌳</h2>
<ol><li>Plant 😀 street trees and 𝐀-grade hedges by March 2027</li>
<li>Cut 👍🏽 idling near schools by Q3 2026</li></ol>"""


@pytest.mark.django_db
def test_a_pdf_with_emoji_imports_and_saves_with_whole_characters():
    data = weasyprint.HTML(string=PLAN).write_pdf()
    user = make_user(Role.PLAN_MANAGER, "emoji-manager")
    draft = import_draft_create(user=user, name="green-plan.pdf", data=data)
    titles = [element["title"] for element in draft.plan["elements"]]
    assert "Plant 😀 street trees and 𝐀-grade hedges" in titles
    assert "Cut 👍🏽 idling near schools" in titles
    assert "Cleaner air 🌳" in draft.source_text
    plan = import_draft_save(draft=draft, user=user)
    saved = set(Element.objects.filter(plan=plan).values_list("title", flat=True))
    assert "Plant 😀 street trees and 𝐀-grade hedges" in saved
