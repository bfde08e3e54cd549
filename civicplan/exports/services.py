"""Writing a bulk progress upload: every row checked, then all saved or none."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from civicplan.core.permissions import Role, can_update_element, user_role
from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_check
from civicplan.plans.models import Plan
from civicplan.standing.changes import dropped_element_ids

from .upload import COLUMN_WORDS, ElementFinder, Problem, UploadFileError, read_rows, row_is_empty_update, row_update

# Rows per INSERT statement; all of them are still written in one transaction.
WRITE_BATCH = 500

# How the service's field names read in a row's message.
_FIELD_WORDS = {
    "percent_complete": "percent", "commentary_internal": "internal", "evidence_url": "evidence URL",
    "achieved_date": "achieved date", "as_at": "as at", "rag": "RAG", "commentary": "commentary",
}


class UploadRejected(ValidationError):
    """The upload was refused and nothing was saved; `problems` lists each one with its row."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(p) for p in problems])


@dataclass
class UploadResult:
    rows: int  # data rows read
    skipped: int  # template rows with no update in them
    updates: list[ProgressUpdate] = field(default_factory=list)
    saved: bool = True  # False when only checked

    @property
    def approved(self) -> int:
        return sum(1 for u in self.updates if u.status == ProgressUpdate.Status.APPROVED)

    @property
    def pending(self) -> int:
        return sum(1 for u in self.updates if u.status == ProgressUpdate.Status.PENDING)

    def summary(self) -> str:
        n = len(self.updates)
        noun = "update" if n == 1 else "updates"
        if not self.saved:
            text = f"The file is ready to upload: {n} {noun}, no problems found. Nothing has been saved yet."
        else:
            parts = []
            if self.approved:
                parts.append(f"{self.approved} approved")
            if self.pending:
                parts.append(f"{self.pending} awaiting approval")
            text = f"Saved {n} progress {noun}" + (f" ({', '.join(parts)})." if parts else ".")
        if self.skipped:
            text += f" {self.skipped} row{'s' if self.skipped != 1 else ''} without an update {'were' if self.skipped != 1 else 'was'} skipped."
        return text


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        out = []
        for name, errors in exc.message_dict.items():
            word = _FIELD_WORDS.get(name, COLUMN_WORDS.get(name, name.replace("_", " ")))
            for error in errors:
                out.append(error if name == "__all__" else f"{word}: {error}")
        return out
    return list(exc.messages)


def progress_upload_apply(
    *, plan: Plan, user, filename: str, content: bytes, check_only: bool = False, today: dt.date | None = None
) -> UploadResult:
    """Read a CSV or XLSX of progress updates for one plan and save every row, or none.

    Every row is checked against the same rules as the update form (and the same permissions:
    an officer may update only the elements they own), and every problem is reported with its
    row number. If any row has a problem nothing is saved. With `check_only` the file is
    checked the same way and nothing is saved either way.
    """
    if user_role(user) < Role.OFFICER:
        raise PermissionDenied("Only officers and plan managers can upload progress.")
    try:
        rows = read_rows(filename=filename, content=content)
    except UploadFileError as exc:
        raise UploadRejected([Problem(None, exc.message)]) from exc
    today = today or timezone.localdate()
    finder = ElementFinder(plan)
    problems: list[Problem] = []
    wanted = []
    skipped = 0
    seen: dict[tuple[int, dt.date], int] = {}
    for row in rows:
        if row_is_empty_update(row):
            skipped += 1
            continue
        update, row_problems, element = row_update(row, finder=finder, today=today)
        if element is not None and not can_update_element(user, element):
            row_problems.append(
                f"you can update only the elements you own, and ‘{finder.describe(element)}’ "
                f"({element.key}) is not one of them"
            )
        if update is not None:
            earlier = seen.get((update.element.id, update.as_at))
            if earlier is not None:
                row_problems.append(
                    f"repeats row {earlier}: the same element ({update.element.key}) and as at date; keep one of them"
                )
            seen.setdefault((update.element.id, update.as_at), row.number)
        problems += [Problem(row.number, message) for message in row_problems]
        if update is not None and not row_problems:
            wanted.append(update)
    if not wanted and not problems:
        raise UploadRejected([Problem(None, "The file has no updates in it: every row leaves RAG and percent empty.")])

    # Every row is checked against the update form's rules before anything is written, outside
    # any transaction: reads only, so other people's writes carry on while a 5,000-row file is
    # checked. Then one short transaction writes them all (docs/adr/0022).
    result = UploadResult(rows=len(rows), skipped=skipped, saved=not check_only)
    dropped = dropped_element_ids(plan=plan, children=finder.child_ids())
    checked = []
    for update in wanted:
        update.element.plan = plan  # one plan object for every row, not a read per row
        try:
            checked.append(progress_update_check(
                element=update.element, user=user, rag=update.rag, percent_complete=update.percent_complete,
                commentary=update.commentary, commentary_internal=update.commentary_internal,
                evidence_url=update.evidence_url, achieved_date=update.achieved_date, as_at=update.as_at,
                dropped=dropped,
            ))
        except ValidationError as exc:
            problems += [Problem(update.number, message) for message in _messages(exc)]
        except PermissionDenied as exc:
            problems.append(Problem(update.number, str(exc)))
    if problems:
        problems.sort(key=lambda p: (p.row or 0))
        raise UploadRejected(problems)
    if not check_only:
        _write(plan=plan, updates=checked)
    result.updates = checked
    return result


def _write(*, plan: Plan, updates: list[ProgressUpdate]) -> None:
    """All the checked updates in one short transaction, or none. The plan is read again inside
    it: closed, or elements dropped, since the file was checked means the file is checked again."""
    with transaction.atomic():
        current = Plan.objects.select_for_update().get(pk=plan.pk)
        changed = current.status == "closed" or dropped_element_ids(plan=current) & {u.element_id for u in updates}
        if not changed:
            ProgressUpdate.objects.bulk_create(updates, batch_size=WRITE_BATCH)
            return
    raise UploadRejected([Problem(None, "The plan changed while the file was being checked (it was closed, or "
                                        "elements were dropped). Nothing was saved: upload the file again.")])
