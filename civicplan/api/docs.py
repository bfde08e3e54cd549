"""The API's documentation page: the OpenAPI schema rendered as a plain GOV.UK page.

Server-rendered from the same schema /api/v1/openapi.json serves, so it cannot drift from the
API, needs no JavaScript and loads nothing from other sites (people on locked-down networks
can read it).
"""

from __future__ import annotations

from functools import lru_cache

from django.shortcuts import render
from drf_spectacular.generators import SchemaGenerator


@lru_cache(maxsize=1)
def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"].get(name, {})
    return node or {}


def _type_words(schema: dict, node: dict) -> str:
    node = _resolve(schema, node)
    if "enum" in node:
        return "one of " + ", ".join(str(v) for v in node["enum"] if v not in ("", None))
    if "allOf" in node:
        return _type_words(schema, node["allOf"][0])
    kind = node.get("type", "object")
    if kind == "array":
        return "list of " + _type_words(schema, node.get("items", {}))
    fmt = node.get("format")
    return f"{kind} ({fmt})" if fmt else str(kind)


def _fields(schema: dict, node: dict) -> list[dict]:
    node = _resolve(schema, node)
    required = set(node.get("required", []))
    return [
        {"name": name, "type": _type_words(schema, prop), "required": name in required,
         "description": _resolve(schema, prop).get("description", "") or prop.get("description", "")}
        for name, prop in node.get("properties", {}).items()
    ]


def api_operations() -> list[dict]:
    """Each operation in the schema, in the order the paths are listed, with words for people."""
    schema = _schema()
    operations = []
    for path, item in schema.get("paths", {}).items():
        for method in ("get", "post", "put", "patch", "delete"):
            op = item.get(method)
            if not op:
                continue
            params = [
                {"name": p["name"], "where": p["in"], "type": _type_words(schema, p.get("schema", {})),
                 "required": p.get("required", False), "description": p.get("description", "")}
                for p in op.get("parameters", [])
            ]
            body = []
            content = (op.get("requestBody") or {}).get("content", {})
            for media_type in ("application/json", "multipart/form-data"):
                if media_type in content:
                    body = _fields(schema, content[media_type].get("schema", {}))
                    break
            ok = next((code for code in op.get("responses", {}) if code.startswith("2")), "200")
            answer = op["responses"].get(ok, {})
            media = list(answer.get("content", {}).keys())
            operations.append({
                "id": op.get("operationId", f"{method}-{path}").replace("_", "-"),
                "method": method.upper(),
                "path": path,
                "tag": (op.get("tags") or ["other"])[0],
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "params": params,
                "body": body,
                "status": ok,
                "media": media,
                "fields": _fields(schema, answer.get("content", {}).get("application/json", {}).get("schema", {}))
                if "application/json" in media else [],
            })
    return operations


TAGS = [
    ("plans", "Plans and elements"),
    ("progress", "Progress updates"),
    ("exports", "Exports"),
    ("governance", "Meetings and decisions"),
    ("reports", "Committee reports"),
    ("indicators", "Indicators and benchmarking"),
    ("public", "The public view"),
]


def api_docs(request):
    operations = api_operations()
    sections = [
        {"tag": tag, "title": title, "operations": [op for op in operations if op["tag"] == tag]}
        for tag, title in TAGS
    ]
    return render(request, "api/docs.html", {"sections": [s for s in sections if s["operations"]]})
