"""Reading a bulk progress upload: a CSV or XLSX with one progress update per row.

Reading is kept apart from saving (services.progress_upload_apply) so that every row is
checked and every problem reported, with its spreadsheet row number, before anything is saved.

Columns (the header row names them; case, spaces and underscores do not matter):

  element         required: the element's key (ms-2.1-3) or a label path (2.1 > Milestone 3)
  rag             required: Not started, Green, Amber, Red or Complete (or R, A, G)
  percent         required: a whole number from 0 to 100 ("45", "45%", or a percent cell)
  commentary      optional, up to 5,000 characters
  as_at           optional: the date the status describes, 2023-03-31 or 31/03/2023; today if empty
  achieved_date   for a complete milestone: the date it was achieved
  evidence_url    optional: an http or https address
  internal        optional: yes to keep the commentary off the public site (default no)

title, level, label, kind, path and current_status columns are allowed and ignored, so the
downloadable template can be filled in and sent back. A row with nothing but the element
(and those columns) filled in is skipped: no update for that element.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from civicplan.delivery.models import ProgressUpdate, Rag
from civicplan.plans.models import Element, Plan

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5000
# An XLSX is a zip: refuse one whose contents would unpack to more than this (a "zip bomb").
MAX_XLSX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_COMMENTARY = 5000
PATH_SEPARATOR = ">"

COLUMN_NAMES = {
    "element": ("element", "element key", "key", "element id", "id", "label path"),
    "rag": ("rag", "rag status", "status"),
    "percent": ("percent", "percent complete", "% complete", "%"),
    "commentary": ("commentary", "comment", "comments"),
    "as_at": ("as at", "as at date", "status date", "date"),
    "achieved_date": ("achieved date", "date achieved", "achieved"),
    "evidence_url": ("evidence url", "evidence", "evidence link"),
    "internal": ("internal", "commentary internal", "internal only"),
}
IGNORED_COLUMNS = ("title", "level", "label", "kind", "path", "current status")
REQUIRED = ("element", "rag", "percent")
UPDATE_FIELDS = ("rag", "percent", "commentary", "as_at", "achieved_date", "evidence_url", "internal")
COLUMN_WORDS = {
    "element": "element", "rag": "RAG", "percent": "percent", "commentary": "commentary", "as_at": "as at",
    "achieved_date": "achieved date", "evidence_url": "evidence URL", "internal": "internal",
}


class UploadFileError(Exception):
    """The file as a whole cannot be read (wrong format, too big, no header, unknown columns)."""

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


@dataclass
class Problem:
    """One problem, with the spreadsheet row it is on (None for the file as a whole)."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}: {self.message}" if self.row else self.message


@dataclass
class RawRow:
    number: int  # the row number a spreadsheet program shows (the header is row 1)
    values: dict[str, Any]  # column -> cell value (str, int, float, date, datetime or None)
    percent_format: bool = False  # the percent cell is formatted as a percentage (0.45 = 45%)
    formula_without_value: list[str] = field(default_factory=list)


@dataclass
class UpdateRow:
    """A row that reads correctly: the progress update it asks for."""

    number: int
    element: Element
    rag: str
    percent_complete: int
    commentary: str
    commentary_internal: bool
    as_at: dt.date
    achieved_date: dt.date | None
    evidence_url: str


def _norm_header(text) -> str:
    words = re.sub(r"[\s_\-]+", " ", str(text or "")).strip().lower()
    return words.rstrip("*").strip()


_HEADER_LOOKUP = {alias: column for column, aliases in COLUMN_NAMES.items() for alias in aliases}


def _columns(header: list) -> list[str | None]:
    """Which column each header cell is (None for ignored or empty ones)."""
    seen: dict[str, str] = {}
    columns: list[str | None] = []
    unknown = []
    for cell in header:
        name = _norm_header(cell)
        if not name or name in IGNORED_COLUMNS:
            columns.append(None)
            continue
        column = _HEADER_LOOKUP.get(name)
        if column is None:
            unknown.append(str(cell).strip()[:40])
            columns.append(None)
            continue
        if column in seen:
            raise UploadFileError(
                f"The columns “{seen[column]}” and “{str(cell).strip()[:40]}” both give the {COLUMN_WORDS[column]}: keep one."
            )
        seen[column] = str(cell).strip()
        columns.append(column)
    if unknown:
        names = ", ".join(f"“{u}”" for u in unknown)
        raise UploadFileError(
            f"The header row has {'a column' if len(unknown) == 1 else 'columns'} this upload does not read: {names}. "
            "The columns are element, rag, percent, commentary, as_at, achieved_date, evidence_url and internal."
        )
    missing = [COLUMN_WORDS[c] for c in REQUIRED if c not in seen]
    if missing:
        raise UploadFileError(
            f"The header row needs {' and '.join(missing) if len(missing) < 3 else 'element, RAG and percent'} "
            f"column{'s' if len(missing) > 1 else ''}. The first row of the file must name the columns: "
            "element, rag, percent, commentary, as_at, achieved_date, evidence_url, internal."
        )
    return columns


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _rows_from_cells(cell_rows, *, source: str) -> list[RawRow]:
    """Header then data rows (each a list of (value, percent_format, formula_without_value))."""
    iterator = iter(cell_rows)
    header = None
    for cells in iterator:
        if any(not _blank(value) for value, _, _ in cells):
            header = [value for value, _, _ in cells]
            header_number = cells.number
            break
    if header is None:
        raise UploadFileError(f"The {source} is empty: the first row should name the columns, then one update per row.")
    columns = _columns(header)
    rows: list[RawRow] = []
    for cells in iterator:
        if all(_blank(value) for value, _, _ in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise UploadFileError(
                f"The {source} has more than {MAX_ROWS:,} updates. Split it into files of {MAX_ROWS:,} rows or fewer."
            )
        row = RawRow(number=cells.number, values={})
        extra = [value for value in cells[len(columns):] if not _blank(value[0])]
        if extra:
            row.values["_extra"] = len(cells)
        for column, (value, percent_format, no_value) in zip(columns, cells):
            if column is None:
                continue
            row.values[column] = value
            if column == "percent":
                row.percent_format = percent_format
            if no_value:
                row.formula_without_value.append(column)
        rows.append(row)
    if not rows:
        raise UploadFileError(
            f"The {source} has a header row but no updates: add one row per update below row {header_number}."
        )
    return rows


class _Cells(list):
    number: int = 0


def _csv_cell_rows(text: str):
    """CSV records as cell rows, numbered as a spreadsheet program numbers them (one per record).

    The delimiter is the one the header line uses most: comma, or semicolon or tab as some
    locales' spreadsheet programs save.
    """
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first_line.count) if first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for values in reader:
            number += 1
            cells = _Cells((value, False, False) for value in values)
            cells.number = number
            yield cells
    except csv.Error as exc:
        raise UploadFileError(f"The CSV file cannot be read at row {number + 1}: {exc}.") from exc


def _decode(content: bytes) -> str:
    if b"\x00" in content[:4096]:
        raise UploadFileError("This is not a CSV or XLSX file. Save the spreadsheet as CSV (UTF-8) or Excel Workbook (.xlsx).")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadFileError("The CSV file's characters cannot be read. Save it as “CSV UTF-8” and try again.")


def _xlsx_cell_rows(content: bytes):
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = archive.namelist()
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UploadFileError("The XLSX file is damaged and cannot be opened. Save it again as Excel Workbook (.xlsx).") from exc
    if "mimetype" in names and "content.xml" in names:
        raise UploadFileError("This is an OpenDocument spreadsheet (.ods). Save it as Excel Workbook (.xlsx) or CSV.")
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise UploadFileError("This file is not a spreadsheet. Upload a CSV or an Excel Workbook (.xlsx).")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UploadFileError(
            "This workbook contains macros, which are not accepted. Save it as Excel Workbook (.xlsx) without macros, or as CSV."
        )
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise UploadFileError(
            f"The XLSX file unpacks to more than {MAX_XLSX_UNPACKED_BYTES // (1024 * 1024)} MB. Upload a smaller file or a CSV."
        )
    try:
        values_book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        formulas_book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise UploadFileError("The XLSX file cannot be read. Open it in a spreadsheet program and save it again as .xlsx.") from exc
    try:
        if not values_book.worksheets:
            raise UploadFileError("The workbook has no sheets.")
        values_sheet = values_book.worksheets[0]
        formulas_sheet = formulas_book.worksheets[0]
        # Some programs write a wrong sheet size; read every row that is there instead.
        values_sheet.reset_dimensions()
        formulas_sheet.reset_dimensions()
        count = 0
        for values_row, formulas_row in zip(values_sheet.iter_rows(), formulas_sheet.iter_rows()):
            count += 1
            if count > MAX_ROWS + 50_000:  # a sheet of empty formatted rows: stop reading
                break
            cells = _Cells()
            number = None
            for value_cell, formula_cell in zip(values_row, formulas_row):
                value = getattr(value_cell, "value", None)
                formula = getattr(formula_cell, "value", None)
                no_value = value is None and isinstance(formula, str) and formula.startswith("=")
                number_format = getattr(value_cell, "number_format", None) or ""
                cells.append((value, "%" in number_format, no_value))
                if number is None and getattr(value_cell, "row", None):
                    number = value_cell.row
            cells.number = number or count
            yield cells
    except UploadFileError:
        raise
    except Exception as exc:
        raise UploadFileError("The XLSX file cannot be read. Open it in a spreadsheet program and save it again as .xlsx.") from exc
    finally:
        values_book.close()
        formulas_book.close()


def xlsx_unpacked_bytes(content: bytes) -> int | None:
    """What a workbook's parts add up to unpacked (the zip directory says; None if not a zip)."""
    try:
        return sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def read_rows(*, filename: str, content: bytes) -> list[RawRow]:
    """The data rows of an uploaded CSV or XLSX file, or UploadFileError saying why not.

    Read in a child process under the parse memory and time limits (civicplan.core.bounded),
    so a workbook built to exhaust memory is refused and the web worker's memory is untouched.
    """
    from civicplan.core.bounded import ParseLimitExceeded, run_bounded

    try:
        return run_bounded("civicplan.exports.upload:read_rows_here", django=True,
                           filename=filename, content=content).value
    except ParseLimitExceeded as exc:
        raise UploadFileError(str(exc)) from None


def read_rows_here(*, filename: str, content: bytes) -> list[RawRow]:
    """`read_rows` in this process, without limits: what the bounded child runs."""
    name = (filename or "").lower()
    if not content:
        raise UploadFileError("The file is empty.")
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadFileError(f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Split it into smaller files.")
    if name.endswith((".xlsm", ".xltm", ".xlsb")):
        raise UploadFileError(
            "Workbooks with macros (.xlsm) and binary workbooks (.xlsb) are not accepted. "
            "Save it as Excel Workbook (.xlsx) or CSV."
        )
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise UploadFileError("This is an old-style Excel file (.xls). Save it as Excel Workbook (.xlsx) or CSV.")
    if content.startswith(b"%PDF"):
        raise UploadFileError("This is a PDF. Upload a CSV or an Excel Workbook (.xlsx).")
    if content.startswith(b"PK\x03\x04"):
        return _rows_from_cells(_xlsx_cell_rows(content), source="workbook's first sheet")
    if name.endswith((".xlsx", ".xls", ".ods", ".docx", ".doc", ".pdf")):
        raise UploadFileError("The file is not a readable spreadsheet. Upload a CSV or an Excel Workbook (.xlsx).")
    return _rows_from_cells(_csv_cell_rows(_decode(content)), source="file")


# --- Reading values --------------------------------------------------------------------------

_RAG_WORDS = {}
for _rag in Rag:
    _RAG_WORDS[_rag.value.replace("_", " ")] = _rag.value
    _RAG_WORDS[_rag.label.lower()] = _rag.value
_RAG_WORDS.update({"r": Rag.RED.value, "a": Rag.AMBER.value, "g": Rag.GREEN.value, "completed": Rag.COMPLETE.value})
RAG_HELP = "use Not started, Green, Amber, Red or Complete"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    return str(value).strip()


def _show(value) -> str:
    text = _text(value)
    return text if len(text) <= 40 else text[:39] + "…"


def parse_rag(value) -> str:
    words = re.sub(r"[\s_\-]+", " ", _text(value)).strip().lower()
    if not words:
        raise ValueError(f"RAG is missing: {RAG_HELP}")
    if words in _RAG_WORDS:
        return _RAG_WORDS[words]
    raise ValueError(f"RAG ‘{_show(value)}’ is not a status: {RAG_HELP}")


def parse_percent(value, *, percent_format: bool = False) -> int:
    if _blank(value):
        raise ValueError("percent is missing: enter a whole number from 0 to 100")
    if isinstance(value, bool):
        raise ValueError(f"percent ‘{_show(value)}’ must be a whole number from 0 to 100")
    if isinstance(value, (int, float)):
        number = float(value) * (100 if percent_format else 1)
        shown = f"{number:g}"
    else:
        shown = _text(value)
        digits = shown.rstrip("%").strip()
        try:
            number = float(digits)
        except ValueError:
            raise ValueError(f"percent ‘{_show(value)}’ must be a whole number from 0 to 100") from None
    if number != number or abs(number - round(number)) > 1e-9:  # NaN, or a fraction
        raise ValueError(f"percent ‘{shown[:40]}’ must be a whole number from 0 to 100")
    if not 0 <= number <= 100:
        raise ValueError(f"percent ‘{shown[:40]}’ must be between 0 and 100")
    return int(round(number))


_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_date(value, *, what: str) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = _text(value)
        if "T" in text or " " in text:  # a date with a time of midnight, as spreadsheets write them
            text = re.split(r"[T ]", text, maxsplit=1)[0]
        iso, uk = _ISO_DATE.match(text), _UK_DATE.match(text)
        try:
            if iso:
                day = dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
            elif uk:
                day = dt.date(int(uk[3]), int(uk[2]), int(uk[1]))
            else:
                raise ValueError
        except ValueError:
            raise ValueError(
                f"{what} ‘{_show(value)}’ is not a date: write it as 2023-03-31 or 31/03/2023"
            ) from None
    if not dt.date(1990, 1, 1) <= day <= dt.date(2100, 12, 31):
        raise ValueError(f"{what} ‘{_show(value)}’ must be between 1990 and 2100")
    return day


_YES = {"yes", "y", "true", "1", "internal"}
_NO = {"no", "n", "false", "0", "public", ""}


def parse_yes_no(value, *, what: str) -> bool:
    if isinstance(value, bool):
        return value
    words = _text(value).lower()
    if words in _YES:
        return True
    if words in _NO:
        return False
    raise ValueError(f"{what} ‘{_show(value)}’ must be yes or no")


# --- Finding elements --------------------------------------------------------------------------

_ORDINAL = re.compile(r"^(.*\S)\s+#?(\d+)$")


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text or "").strip().casefold()


class ElementFinder:
    """Finds a plan's elements by key or label path, from one read of the plan.

    A label path names an element from the top of the plan down, one step per level,
    separated by ">". Each step is matched among the elements at that place by, in turn:
    the label as printed ("2.1", "b"); the plan's name for the level and a number, counting
    from 1 in printed order ("Milestone 3" is the third milestone there); or the title as printed
    (case and spacing do not matter). For example "2.1 > Milestone 3" in the 2022 plan, or
    "1 > 2 > b" in the 2020/21 plan (portfolio 1, priority 2, output b).
    """

    def __init__(self, plan: Plan):
        self.plan = plan
        elements = list(Element.objects.filter(plan=plan).select_related("owner_person").order_by("position"))
        self.by_id = {e.id: e for e in elements}
        self.by_key = {e.key.casefold(): e for e in elements}
        self.children: dict[int | None, list[Element]] = {}
        for element in elements:
            if element.parent_id in self.by_id:
                element.parent = self.by_id[element.parent_id]  # ancestors from memory, not queries
            self.children.setdefault(element.parent_id, []).append(element)
        self.names: dict[str, str] = {}  # "milestone" (folded name or plural) -> kind
        for level in plan.levels.all():
            for word in (level.name, level.plural, level.kind.replace("_", " "), level.get_kind_display()):
                self.names.setdefault(_fold(word), level.kind)

    def child_ids(self) -> dict[int | None, list[int]]:
        """Parent id -> child ids, as standing.changes reads the plan's tree."""
        return {parent: [e.id for e in children] for parent, children in self.children.items()}

    def describe(self, element: Element) -> str:
        path = []
        node = element
        while node is not None:
            path.append(node)
            node = self.by_id.get(node.parent_id)
        return " > ".join(self.step_name(n) for n in reversed(path))

    def step_name(self, element: Element) -> str:
        """How a label path names this element among its siblings."""
        if element.label:
            return element.label
        siblings = [s for s in self.children.get(element.parent_id, []) if s.kind == element.kind]
        level = next((lvl for lvl in self.plan.levels.all() if lvl.kind == element.kind), None)
        name = level.name if level else element.get_kind_display()
        return f"{name} {siblings.index(element) + 1}"

    def _step(self, parent_id: int | None, step: str) -> list[Element]:
        candidates = self.children.get(parent_id, [])
        folded = _fold(step)
        by_label = [c for c in candidates if c.label and _fold(c.label) == folded]
        if by_label:
            return by_label
        found: list[Element] = []
        ordinal = _ORDINAL.match(step.strip())
        if ordinal and _fold(ordinal[1]) in self.names:
            kind = self.names[_fold(ordinal[1])]
            of_kind = [c for c in candidates if c.kind == kind]
            n = int(ordinal[2])
            if 1 <= n <= len(of_kind):
                found.append(of_kind[n - 1])
        found += [c for c in candidates if _fold(c.title) == folded and c not in found]
        return found

    def find(self, text: str) -> Element:
        """The element named, or ValueError with a message that says what was not found."""
        words = _text(text)
        if not words:
            raise ValueError("element is missing: give the element's key or a label path such as 2.1 > Milestone 3")
        element = self.by_key.get(words.casefold())
        if element is not None:
            return element
        steps = [s.strip() for s in words.split(PATH_SEPARATOR)]
        if any(not s for s in steps):
            raise ValueError(f"element ‘{_show(words)}’ has an empty step: separate the steps with >, as in 2.1 > Milestone 3")
        parent: Element | None = None
        for index, step in enumerate(steps):
            found = self._step(parent.id if parent else None, step)
            where = f"under ‘{self.describe(parent)}’" if parent else "at the top of the plan"
            if not found:
                hint = ""
                if index == 0 and "/" in words and PATH_SEPARATOR not in words:
                    hint = "; separate the steps of a label path with >, as in 2.1 > Milestone 3"
                elif index == 0 and len(steps) == 1:
                    hint = "; give an element key (as in the template) or a label path such as 2.1 > Milestone 3"
                raise ValueError(f"element ‘{_show(words)}’ not found: nothing {where} is called ‘{step[:40]}’{hint}")
            if len(found) > 1:
                options = " or ".join(f"‘{e.key}’" for e in found[:3])
                raise ValueError(
                    f"element ‘{_show(words)}’ is ambiguous: ‘{step[:40]}’ {where} could be {options}; use the element key"
                )
            parent = found[0]
        return parent


# --- Rows to updates -------------------------------------------------------------------------


def row_update(
    row: RawRow, *, finder: ElementFinder, today: dt.date | None = None
) -> tuple[UpdateRow | None, list[str], Element | None]:
    """The update a row asks for, or the problems with it (every one found, not just the first),
    and the element it names if that much could be read."""
    today = today or timezone.localdate()
    values = row.values
    problems: list[str] = []
    if "_extra" in values:
        problems.append("has cells beyond the last named column: remove them or name the column")
    for column in row.formula_without_value:
        problems.append(
            f"the {COLUMN_WORDS[column]} cell holds a formula with no saved result; "
            "open the file in a spreadsheet program and save it again"
        )
    element = None
    try:
        element = finder.find(values.get("element"))
    except ValueError as exc:
        problems.append(str(exc))
    results: dict[str, Any] = {}
    parsers = {
        "rag": lambda v: parse_rag(v),
        "percent": lambda v: parse_percent(v, percent_format=row.percent_format),
        "as_at": lambda v: parse_date(v, what="as at"),
        "achieved_date": lambda v: parse_date(v, what="achieved date"),
        "internal": lambda v: parse_yes_no(v, what="internal"),
    }
    for column, parse in parsers.items():
        try:
            results[column] = parse(values.get(column))
        except ValueError as exc:
            problems.append(str(exc))
    commentary = _text(values.get("commentary")) if not isinstance(values.get("commentary"), str) else values["commentary"].strip()
    if len(commentary) > MAX_COMMENTARY:
        problems.append(f"commentary is {len(commentary):,} characters: it must be {MAX_COMMENTARY:,} or fewer")
    evidence_url = _text(values.get("evidence_url"))
    if len(evidence_url) > 500:
        problems.append("evidence URL must be 500 characters or fewer")
    elif evidence_url:
        try:
            ProgressUpdate._meta.get_field("evidence_url").run_validators(evidence_url)
        except ValidationError:
            problems.append(f"evidence URL ‘{_show(evidence_url)}’ is not a web address: start it with https://")
    as_at = results.get("as_at") or today
    if results.get("as_at") and results["as_at"] > today + dt.timedelta(days=1):
        problems.append(f"as at {results['as_at']:%d/%m/%Y} is in the future: a status describes a day that has come")
    if problems:
        return None, problems, element
    return UpdateRow(
        number=row.number, element=element, rag=results["rag"], percent_complete=results["percent"],
        commentary=commentary, commentary_internal=results["internal"], as_at=as_at,
        achieved_date=results["achieved_date"], evidence_url=evidence_url,
    ), [], element


def row_is_empty_update(row: RawRow) -> bool:
    """A template row left as it was: an element and no update in it."""
    return all(_blank(row.values.get(column)) for column in UPDATE_FIELDS)
