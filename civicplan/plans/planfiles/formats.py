"""Reading and writing plan files (plan JSON v1 and plan YAML) as text.

Both formats carry the same dictionary; writing is deterministic so that a file written
by `export`, loaded and exported again, comes back byte for byte.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from civicplan.core.errors import PlanFileError

SCHEMA_PATH = Path(__file__).resolve().parent / "plan-v1.schema.json"
FORMATS = ("json", "yaml")


@lru_cache(maxsize=1)
def plan_schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class _Dumper(yaml.SafeDumper):
    """Block-style YAML; multi-line strings as literal blocks so paragraphs stay readable."""


def _str_representer(dumper: yaml.SafeDumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dumps(data: dict, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "yaml":
        return yaml.dump(
            data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
            default_flow_style=False,
        )
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def _plain(value: Any) -> Any:
    """YAML reads unquoted 2022-07-01 as a date and 19 as a number; the file format wants text."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return value


_TEXT_KEYS_META = ("item_no", "contact_phone")
_TEXT_KEYS_ELEMENT = ("label", "id", "parent")


def loads(text: str, *, source: str = "") -> dict:
    """Parse JSON or YAML text into a plan dictionary (not yet validated)."""
    stripped = text.lstrip("\ufeff \t\r\n")
    if not stripped:
        raise PlanFileError(["the file is empty"], source=source)
    try:
        if stripped.startswith("{"):
            data = json.loads(stripped)
        else:
            data = yaml.safe_load(stripped)
    except json.JSONDecodeError as exc:
        raise PlanFileError([f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"], source=source) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise PlanFileError([f"not valid YAML: {problem}{where}"], source=source) from exc
    if not isinstance(data, dict):
        raise PlanFileError(["a plan file must be a mapping with format, version, meta, framework and elements"], source=source)
    data = _plain(data)
    meta = data.get("meta")
    if isinstance(meta, dict):
        for key in _TEXT_KEYS_META:
            if isinstance(meta.get(key), (int, float)):
                meta[key] = str(meta[key])
    for element in data.get("elements") or []:
        if isinstance(element, dict):
            for key in _TEXT_KEYS_ELEMENT:
                if isinstance(element.get(key), (int, float)):
                    element[key] = str(element[key])
    return data


def read(path: Path) -> dict:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanFileError([f"cannot read the file: {exc.strerror}"], source=str(path)) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanFileError(
            [f"not UTF-8 text (byte {exc.start}); a plan file is JSON or YAML saved as UTF-8"],
            source=str(path),
        ) from exc
    return loads(text, source=str(path))


def schema_problems(data: dict) -> list[str]:
    """Every place the data breaks the JSON Schema, as 'where: what' lines."""
    validator = jsonschema.Draft202012Validator(
        plan_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    problems = []
    for error in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = _describe_path(data, list(error.absolute_path))
        problems.append(f"{where}: {_plain_message(error)}")
    return problems


def _plain_message(error: jsonschema.ValidationError) -> str:
    """Schema errors in the words a plan manager would use."""
    if error.validator == "format" and error.validator_value == "date":
        return f"{error.instance!r} is not a real date (write YYYY-MM-DD)"
    if error.validator == "enum":
        allowed = ", ".join("null" if v is None else str(v) for v in error.validator_value)
        return f"{error.instance!r} is not one of: {allowed}"
    if error.validator == "pattern" and isinstance(error.instance, str):
        return f"{error.instance!r} is not allowed here (lower-case letters, digits and hyphens)"
    return error.message


def _describe_path(data: dict, path: list) -> str:
    if not path:
        return "the file"
    if path[0] == "elements" and len(path) >= 2 and isinstance(path[1], int):
        try:
            element_id = data["elements"][path[1]].get("id", "?")
        except (AttributeError, IndexError, KeyError):
            element_id = "?"
        rest = ".".join(str(p) for p in path[2:])
        return f"element {path[1] + 1} (id {element_id}){' ' + rest if rest else ''}"
    return ".".join(str(p) for p in path)
