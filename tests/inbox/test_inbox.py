"""The inbox, its count in the header, e-mail notifications through the queue, and updates that
come back prefilled with their evidence (issue 14, parts 3 and 4)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicplan.delivery.models import ProgressUpdate
from civicplan.governance.models import ChangeRequest
from civicplan.inbox.selectors import inbox_count, inbox_for
from civicplan.inbox.services import notification_settings_save
from tests.conftest import text_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _header_count(html: str) -> int:
    match = re.search(r'class="app-nav-count">(\d+)<', html)
    return int(match.group(1)) if match else 0


def _update_form(client, plan, element, **fields):
    data = {"rag": "amber", "percent_complete": "40",
            "commentary": "Contractor delayed.\nRevised opening agreed with traders.", **fields}
    return client.post(reverse("web:progress-update-create", args=[plan.slug, element.key]), data)


@pytest.mark.django_db
def test_a_submitted_update_waits_in_each_managers_inbox_and_is_emailed_to_them(
    client, northmoor, run_worker, django_capture_on_commit_callbacks,
):
    plan, element = northmoor["plan"], northmoor["element"]
    notification_settings_save(user=northmoor["deputy"], choices={"update_submitted": False})
    before = inbox_count(user=northmoor["manager"])

    client.force_login(northmoor["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = _update_form(client, plan, element,
                                evidence_file=SimpleUploadedFile("market-hall.pdf", PDF, "application/pdf"))
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(element=element)
    assert update.status == ProgressUpdate.Status.PENDING and update.evidence_name == "market-hall.pdf"

    assert mail.outbox == []  # nothing is sent by the page itself: the queue's worker sends it
    run_worker()
    to_manager = [m for m in mail.outbox if m.to == ["maya@northmoor.example"]]
    assert len(to_manager) == 1 and "Open the new market hall" in to_manager[0].subject
    assert "Oscar Okafor" in to_manager[0].body and "/inbox/" in to_manager[0].body
    assert not [m for m in mail.outbox if m.to == ["dev@northmoor.example"]]  # switched off
    assert not [m for m in mail.outbox if m.to == ["oscar@northmoor.example"]]  # the sender

    client.force_login(northmoor["manager"])
    page = client.get(reverse("inbox:inbox"))
    html = page.content.decode()
    assert _header_count(html) == before + 1 == inbox_count(user=northmoor["manager"])
    assert "Updates to approve" in html and "Open the new market hall" in html
    assert "market-hall.pdf" in html  # the evidence file, to open before approving


@pytest.mark.django_db
def test_returned_update_opens_prefilled_and_is_approved_from_the_inbox(
    client, northmoor, run_worker, django_capture_on_commit_callbacks,
):
    plan, element = northmoor["plan"], northmoor["element"]
    client.force_login(northmoor["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        _update_form(client, plan, element, evidence_url="https://northmoor.example/market",
                     evidence_file=SimpleUploadedFile("site-photo.png", b"\x89PNG\r\n\x1a\n" + b"0" * 64))
    update = ProgressUpdate.objects.get(element=element)
    run_worker()
    mail.outbox.clear()

    # The manager returns it from the inbox and comes back to the inbox.
    client.force_login(northmoor["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("web:review-submit", args=[update.pk]),
                               {"decision": "return", "comment": "Say when the hall will open.", "next": "/inbox/"})
    assert response.status_code == 302 and response["Location"] == "/inbox/"
    run_worker()
    [returned_mail] = mail.outbox
    assert returned_mail.to == ["oscar@northmoor.example"]
    assert "returned" in returned_mail.subject and "Say when the hall will open." in returned_mail.body

    # The officer sees it in their inbox (and the header count), and the form holds what was sent.
    client.force_login(northmoor["officer"])
    inbox_html = client.get(reverse("inbox:inbox")).content.decode()
    assert _header_count(inbox_html) == 1 and "Returned to you (1)" in text_of(inbox_html)
    form_html = client.get(reverse("web:progress-update-create", args=[plan.slug, element.key])).content.decode()
    assert "Contractor delayed.\nRevised opening agreed with traders.</textarea>" in form_html
    assert 'value="https://northmoor.example/market"' in form_html
    assert re.search(r'value="amber"[^>]*checked', form_html)
    assert 'value="40"' in form_html and "Keep the file you sent: site-photo.png" in form_html
    assert "Say when the hall will open." in form_html

    # Corrected and sent again, keeping the photo; nothing returned remains.
    with django_capture_on_commit_callbacks(execute=True):
        _update_form(client, plan, element, commentary="Opens 12 June.\nTraders told.", keep_evidence="on",
                     evidence_url="https://northmoor.example/market")
    second = ProgressUpdate.objects.filter(element=element).latest("id")
    assert second.pk != update.pk and second.evidence_file.name == update.evidence_file.name
    assert second.evidence_name == "site-photo.png"
    assert inbox_for(user=northmoor["officer"]).returned == []

    # The manager approves it from the inbox; the officer hears; history says who did what.
    client.force_login(northmoor["manager"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("web:review-submit", args=[second.pk]), {"decision": "approve", "next": "/inbox/"})
    second.refresh_from_db()
    assert second.status == ProgressUpdate.Status.APPROVED
    run_worker()
    assert any("approved" in m.subject and m.to == ["oscar@northmoor.example"] for m in mail.outbox)
    history = text_of(client.get(reverse("web:element-detail", args=[plan.slug, element.key])).content.decode())
    assert "Reported by Oscar Okafor; approved by Maya Mensah" in history
    assert "Reported by Oscar Okafor; returned by Maya Mensah" in history
    assert "Opens 12 June." in history


@pytest.mark.django_db
def test_change_requests_reach_managers_and_the_decision_reaches_the_requester(
    client, northmoor, run_worker, django_capture_on_commit_callbacks,
):
    plan, element = northmoor["plan"], northmoor["element"]
    client.force_login(northmoor["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("governance:plan-changes", args=[plan.slug]), {
            "kind": "redate", "element": element.key, "date_text": "June 2026",
            "reason": "The contractor went into administration.",
        })
    change = ChangeRequest.objects.get(plan=plan)
    run_worker()
    assert {tuple(m.to) for m in mail.outbox} == {("maya@northmoor.example",), ("dev@northmoor.example",)}
    assert "contractor went into administration" in mail.outbox[0].body
    mail.outbox.clear()

    client.force_login(northmoor["deputy"])
    html = client.get(reverse("inbox:inbox")).content.decode()
    assert "Change requests to decide" in html and "The contractor went into administration." in html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:change-decide", args=[plan.slug, change.pk]),
                               {"decision": "reject", "comment": "Find another contractor first.", "next": "/inbox/"})
    assert response["Location"] == "/inbox/"
    run_worker()
    [decided] = mail.outbox
    assert decided.to == ["oscar@northmoor.example"] and "rejected" in decided.subject
    assert "Find another contractor first." in decided.body


@pytest.mark.django_db
def test_header_count_and_inbox_agree_and_leave_out_own_work_the_organisation_forbids(client, northmoor):
    from civicplan.delivery.services import progress_update_submit

    organisation = northmoor["plan"].organisation
    organisation.manager_may_approve_own_work = False
    organisation.save()
    own = progress_update_submit(element=northmoor["element"], user=northmoor["manager"], rag="green",
                                 percent_complete=20)
    other = progress_update_submit(element=northmoor["element"], user=northmoor["officer"], rag="green",
                                   percent_complete=25)
    box = inbox_for(user=northmoor["manager"])
    assert other in box.to_approve and own not in box.to_approve
    assert own in inbox_for(user=northmoor["deputy"]).to_approve
    client.force_login(northmoor["manager"])
    html = client.get(reverse("inbox:inbox")).content.decode()
    assert _header_count(html) == box.count == inbox_count(user=northmoor["manager"])
    assert f"Updates to approve ({len(box.to_approve)})" in text_of(html)


@pytest.mark.django_db
def test_a_viewer_has_no_inbox_and_no_count(client, northmoor):
    from django.contrib.auth.models import User

    viewer = User.objects.create_user("vic", password="pw-vic")
    client.force_login(viewer)
    assert client.get(reverse("inbox:inbox")).status_code == 403
    assert "app-nav-count" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_each_person_chooses_their_emails(client, northmoor):
    client.force_login(northmoor["officer"])
    page = client.get(reverse("inbox:settings"))
    assert page.status_code == 200 and "My update was approved or returned" in page.content.decode()
    response = client.post(reverse("inbox:settings"), {"change_decided": "on"})
    assert response.status_code == 302
    html = client.get(reverse("inbox:settings")).content.decode()
    assert re.search(r'name="change_decided"[^>]*checked', html)
    assert not re.search(r'name="update_reviewed"[^>]*checked', html)
