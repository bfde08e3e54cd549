"""Writing plans and progress as CSV and XLSX files (plan JSON and YAML come from plans.planfiles)."""

from __future__ import annotations

import datetime as dt
import io

from civicplan.core.permissions import can_view_plan, plan_is_published
from civicplan.plans.models import Plan
from civicplan.plans.planfiles.formats import dumps
from civicplan.plans.selectors import plan_file_build, plan_level_names
from civicplan.standing.status import plan_status

from .selectors import plan_table, progress_history_columns, progress_history_rows
from .tabular import csv_text, sheet_names, xlsx_value

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PLAN_FORMATS = {
    "csv": CSV_TYPE,
    "xlsx": XLSX_TYPE,
    "json": "application/json; charset=utf-8",
    "yaml": "application/yaml; charset=utf-8",
}
# Excel reads a CSV as UTF-8 only when it starts with a byte order mark; other programs ignore it.
BOM = "\ufeff"


def plan_csv(*, plan: Plan, as_at: dt.date, user=None, public: bool = False) -> str:
    """One row per element: what it is, where it sits, its target and its status on the date."""
    table = plan_table(plan=plan, as_at=as_at, user=user, public=public)
    return BOM + csv_text(table.columns, (values for _, values in table.rows))


def _sheet(workbook, title: str, columns: list[str], rows, widths: dict[str, int]):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=title)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column, 14)
    bold = Font(bold=True)
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows:
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=xlsx_value(value))
            if cell.data_type in ("f", "e"):
                # Text that looks like a formula or an error code stays text: never evaluated.
                cell.data_type = "s"
            elif isinstance(value, dt.datetime):
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            cells.append(cell)
        sheet.append(cells)
    return sheet


_WIDTHS = {"title": 60, "text": 60, "commentary": 60, "note": 30, "key": 16, "element": 16, "date_text": 22,
           "plan": 28, "evidence_url": 30, "review_comment": 30, "owner": 24}


def plan_xlsx(*, plan: Plan, as_at: dt.date, user=None, public: bool = False) -> bytes:
    """A sheet per framework level, named with the plan's own plural names, then a Progress sheet."""
    from openpyxl import Workbook

    table = plan_table(plan=plan, as_at=as_at, user=user, public=public)
    titles = [plural for _, plural in table.level_plurals] + ["Progress"]
    names = sheet_names(titles)
    workbook = Workbook(write_only=True)
    for (kind, _), name in zip(table.level_plurals, names):
        _sheet(workbook, name, table.columns, (values for k, values in table.rows if k == kind), _WIDTHS)
    _sheet(
        workbook, names[-1], progress_history_columns(user=user, public=public),
        progress_history_rows(user=user, plan=plan, public=public), _WIDTHS,
    )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def progress_csv(*, user=None, plan: Plan | None = None, public: bool = False) -> str:
    """Every progress update this person may see, on every plan (or one), as CSV."""
    columns = progress_history_columns(user=user, public=public)
    return BOM + csv_text(columns, progress_history_rows(user=user, plan=plan, public=public))


def plan_export(*, plan: Plan, fmt: str, as_at: dt.date, user=None, public: bool = False) -> bytes:
    """The plan in one of PLAN_FORMATS, as the bytes of the file."""
    if fmt == "csv":
        return plan_csv(plan=plan, as_at=as_at, user=user, public=public).encode("utf-8")
    if fmt == "xlsx":
        return plan_xlsx(plan=plan, as_at=as_at, user=user, public=public)
    if fmt in ("json", "yaml"):
        visible = plan_is_published if public else (lambda other: can_view_plan(user, other))
        return dumps(plan_file_build(plan=plan, visible=visible), fmt).encode("utf-8")
    raise ValueError(f"Plans download as {', '.join(PLAN_FORMATS)}, not {fmt!r}.")


def upload_template_csv(*, plan: Plan, user, as_at: dt.date) -> str:
    """A CSV to fill in: one row per element the person may update, with its current status.

    Only the element, rag, percent, commentary, as_at, achieved_date, evidence_url and internal
    columns are read back; title, level and current_status are there to help people find rows.
    """
    from civicplan.core.permissions import can_update_element

    statuses = plan_status(plan=plan, as_at=as_at)
    by_id = {s.element.id: s.element for s in statuses.values()}
    for element in by_id.values():  # ancestors from memory, so ownership checks cost no queries
        if element.parent_id in by_id:
            element.parent = by_id[element.parent_id]
    names = plan_level_names(plan=plan)
    columns = ["element", "level", "title", "current_status", "rag", "percent", "commentary", "as_at",
               "achieved_date", "evidence_url", "internal"]
    rows = []
    for status in statuses.values():
        e = status.element
        if not can_update_element(user, e):
            continue
        current = f"{status.rag_label} {status.percent:.0f}%" if status.rag else "No update"
        level = f"{names.get(e.kind, (e.kind,))[0]} {e.label}".strip()
        rows.append([e.key, level, e.title, current, "", "", "", "", "", "", ""])
    return BOM + csv_text(columns, rows)
