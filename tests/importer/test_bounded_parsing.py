"""Every parser reads under a memory and time ceiling in a child process: a file built to
exhaust memory is refused with a clear message, nothing is saved, and the web worker's own
memory does not grow (issue 15, defect 2)."""

from __future__ import annotations

import resource
import subprocess
import sys
import textwrap
import time
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from civicplan.core.bounded import Limits, ParseLimitExceeded, run_bounded
from civicplan.core.errors import UserFacingError
from civicplan.core.permissions import Role
from civicplan.delivery.models import ProgressUpdate
from civicplan.exports.services import UploadRejected, progress_upload_apply
from civicplan.importer.errors import DocumentTooLarge
from civicplan.importer.models import ImportDraft
from civicplan.importer.parsers import parse_bytes
from civicplan.indicators.models import Value
from civicplan.indicators.services import LoadError, values_load
from civicplan.plans.models import Plan
from tests.conftest import text_of
from tests.factories import make_user

from .bombs import docx_bomb, pdf_bomb, xlsx_bomb

MEMORY_MESSAGE = "needs more memory than the 300 MB allowed to read a document"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_pdf_that_inflates_to_a_gibibyte_is_refused_and_the_caller_stays_small():
    bomb = pdf_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    before = _peak_mb()
    with pytest.raises(DocumentTooLarge) as info:
        parse_bytes(bomb, "budget.pdf")
    assert MEMORY_MESSAGE in str(info.value)
    assert str(info.value).startswith("budget.pdf: ")
    # The 1 GiB was never in this process: its peak grew by no more than the file itself.
    assert _peak_mb() - before < 50


def test_the_child_stays_under_the_ceiling_while_refusing_the_bomb():
    with pytest.raises(ParseLimitExceeded) as info:
        run_bounded("civicplan.importer.parsers:parse_bytes_here", pdf_bomb(), "budget.pdf",
                    limits=Limits(memory_mb=300, seconds=60))
    assert info.value.kind == "memory"
    assert info.value.peak_mb < 300


def test_a_parser_past_its_time_is_stopped():
    with pytest.raises(ParseLimitExceeded) as info:
        run_bounded("time:sleep", 30, limits=Limits(memory_mb=300, seconds=1))
    assert info.value.kind == "time"
    assert "longer than the 1 seconds allowed" in str(info.value)


def test_a_parser_spinning_inside_c_code_is_stopped_at_its_cpu_limit():
    """Catastrophic regex backtracking never returns to Python: the hard CPU limit ends it."""
    with pytest.raises(ParseLimitExceeded) as info:
        run_bounded("re:fullmatch", "(a+)+$", "a" * 60 + "b", limits=Limits(memory_mb=300, seconds=1))
    assert info.value.kind == "time"


def test_a_normal_document_reads_as_before():
    document = parse_bytes(b"Housing plan\n\n1. Build homes\n", "plan.txt")
    assert "Build homes" in document.text


def test_a_word_zip_bomb_is_refused_before_it_is_opened():
    with pytest.raises(DocumentTooLarge) as info:
        parse_bytes(docx_bomb(), "plan.docx")
    assert "expands to far more than it should" in str(info.value)


@pytest.mark.django_db
def test_the_import_page_shows_the_memory_message_and_saves_nothing(client):
    client.force_login(make_user(Role.PLAN_MANAGER, "bomb-manager"))
    drafts = ImportDraft.objects.count()
    response = client.post("/import/", {"file": SimpleUploadedFile("budget.pdf", pdf_bomb())})
    assert response.status_code in (200, 400)
    assert MEMORY_MESSAGE in text_of(response.content.decode())
    assert ImportDraft.objects.count() == drafts


@pytest.mark.django_db
def test_the_import_command_says_the_same(tmp_path):
    path = tmp_path / "budget.pdf"
    path.write_bytes(pdf_bomb())
    plans = Plan.objects.count()
    with pytest.raises(CommandError, match=MEMORY_MESSAGE):
        call_command("plan_import", str(path), "--save", stdout=StringIO())
    assert Plan.objects.count() == plans


@pytest.mark.django_db
def test_a_progress_workbook_zip_bomb_is_refused_with_nothing_saved():
    manager = make_user(Role.PLAN_MANAGER, "bomb-uploader")
    before = ProgressUpdate.objects.count()
    with pytest.raises(UploadRejected) as info:
        progress_upload_apply(plan=Plan.objects.first(), user=manager, filename="updates.xlsx", content=xlsx_bomb())
    assert "unpacks to more than 60 MB" in str(info.value.problems[0])
    assert ProgressUpdate.objects.count() == before


@pytest.mark.django_db
def test_an_indicator_workbook_zip_bomb_is_refused_with_nothing_saved():
    before = Value.objects.count()
    with pytest.raises(LoadError) as info:
        values_load(filename="values.xlsx", content=xlsx_bomb())
    assert "unpacks to more than 60 MB" in info.value.problems[0]
    assert Value.objects.count() == before


def test_a_library_that_prints_does_not_corrupt_the_answer():
    assert run_bounded("tests.importer.bounded_targets:noisy", "plan").value == "PLAN"


def test_an_error_that_cannot_be_sent_back_comes_back_as_its_words():
    with pytest.raises(UserFacingError, match="the table on page 3 has no rows"):
        run_bounded("tests.importer.bounded_targets:fails_unpicklably")


def _resident_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024


def test_the_process_children_are_forked_from_stays_small_after_a_big_read():
    from civicplan.core import bounded

    run_bounded("tests.importer.bounded_targets:holds", 1)
    zygote = bounded._zygotes[False].process.pid
    before = _resident_mb(zygote)
    outcome = run_bounded("tests.importer.bounded_targets:holds", 150)
    assert outcome.value == 150 * 1024 * 1024 and outcome.peak_mb >= 150
    assert bounded._zygotes[False].process.pid == zygote
    assert _resident_mb(zygote) - before < 5


def test_reading_processes_end_with_the_server_process_and_a_forked_worker_has_its_own():
    script = textwrap.dedent("""
        import os, sys
        from civicplan.core import bounded
        assert bounded.run_bounded("tests.importer.bounded_targets:noisy", "a").value == "A"
        print(bounded._zygotes[False].process.pid, flush=True)
        worker = os.fork()
        if worker == 0:  # as a gunicorn worker is forked from its master
            ok = bounded.run_bounded("tests.importer.bounded_targets:noisy", "b").value == "B"
            print(bounded._zygotes[False].process.pid, flush=True)
            os._exit(0 if ok else 1)
        os.waitpid(worker, 0)
    """)
    finished = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    zygotes = [int(pid) for pid in finished.stdout.split()]
    assert len(set(zygotes)) == 2
    for pid in zygotes:
        for _ in range(100):
            if not _alive(pid):
                break
            time.sleep(0.05)
        assert not _alive(pid)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except FileNotFoundError:
        return False
