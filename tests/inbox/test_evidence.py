"""Evidence files on progress updates: checked on the way in, shown only to who may see them."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_approve
from tests.conftest import text_of

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def _post(client, plan, element, upload, **extra):
    return client.post(reverse("web:progress-update-create", args=[plan.slug, element.key]),
                       {"rag": "green", "percent_complete": "50", "evidence_file": upload, **extra})


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "content", "message"), [
    ("report.pdf", b"<html>not a pdf</html>", "report.pdf is not a PDF file: its contents do not match its name"),
    ("tool.exe", b"MZ\x90\x00", "The evidence file must be a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, text, PNG or JPEG file (tool.exe is not)"),
    ("notes.txt", b"abc\x00\x01def", "notes.txt is not a text file: it holds binary data"),
])
def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_is_saved(
    client, northmoor, settings, name, content, message,
):
    plan, element = northmoor["plan"], northmoor["element"]
    client.force_login(northmoor["officer"])
    response = _post(client, plan, element, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    assert message in text_of(response.content.decode())
    assert "There is a problem" in response.content.decode()
    assert not ProgressUpdate.objects.filter(element=element).exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).glob("**/*") if path.is_file()]  # no file kept


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_naming_the_limit(client, northmoor, settings):
    settings.EVIDENCE_MAX_MB = 1
    client.force_login(northmoor["officer"])
    big = SimpleUploadedFile("minutes.pdf", PDF + b"0" * (1024 * 1024))
    response = _post(client, northmoor["plan"], northmoor["element"], big)
    assert "The evidence file must be smaller than 1 MB (it is 1.0 MB)" in text_of(response.content.decode())
    assert not ProgressUpdate.objects.filter(element=northmoor["element"]).exists()


@pytest.mark.django_db
def test_evidence_is_stored_under_a_name_of_our_own_and_served_only_to_who_may_see_it(client, northmoor):
    plan, element = northmoor["plan"], northmoor["element"]
    client.force_login(northmoor["officer"])
    _post(client, plan, element, SimpleUploadedFile("../../etc/Hall plan.pdf", PDF))
    update = ProgressUpdate.objects.get(element=element)
    assert update.evidence_file.name.startswith(f"evidence/{plan.pk}/") and ".." not in update.evidence_file.name
    assert update.evidence_name == "Hall plan.pdf"
    url = reverse("web:evidence-download", args=[plan.slug, element.key, update.pk])

    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="Hall plan.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"

    client.logout()
    assert client.get(url).status_code == 404  # not approved yet: not public
    progress_update_approve(update=update, user=northmoor["manager"])
    assert client.get(url).status_code == 200  # approved, public commentary: the public may see it
    update.commentary_internal = True
    update.save()
    assert client.get(url).status_code == 404  # internal: staff only
