"""Import pages: upload a document, review its draft beside the source text, save it.

Plain server-rendered forms that work without JavaScript; plan managers only.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from civicplan.core.errors import PlanFileError, UserFacingError
from civicplan.core.permissions import plan_manager_required
from civicplan.plans.models import ElementKind

from .errors import NothingRecognised
from .forms import BulkForm, ElementForm, UploadForm
from .models import ImportDraft
from .regions import NoRegion, region_png, region_size
from .services import (
    DuplicateImport,
    earlier_import,
    DraftEditError,
    MAX_UPLOAD_BYTES,
    import_draft_bulk_update,
    import_draft_create,
    import_draft_element_update,
    import_draft_save,
)
from .structure.evidence import BAND_WORDS, RANK

KIND_NAMES = dict(ElementKind.choices)


def _draft(request, draft_id: int) -> ImportDraft:
    draft = get_object_or_404(ImportDraft, pk=draft_id)
    if draft.owner_id != request.user.id and not request.user.is_superuser:
        raise Http404("No such draft")
    return draft


@plan_manager_required
def upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    problem = ""
    nothing_found = False
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            draft = import_draft_create(user=request.user, name=upload_file.name, data=upload_file.read(),
                                        organisation=form.cleaned_data.get("organisation", ""))
        except NothingRecognised:
            nothing_found = True
        except UserFacingError as exc:
            problem = str(exc).splitlines()[0]
            form.add_error("file", problem)
        else:
            return redirect("importer:review", draft_id=draft.pk)
    drafts = ImportDraft.objects.filter(owner=request.user).select_related("saved_plan")[:20]
    return render(request, "importer/upload.html", {
        "form": form, "drafts": drafts, "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024), "nothing_found": nothing_found,
    }, status=400 if (request.method == "POST" and (form.errors or nothing_found)) else 200)


def _kind_count_name(kind: str, n: int) -> str:
    """"milestone" for one, "milestones" for several."""
    from .planfile import NAMES

    singular, plural = NAMES.get(kind, (KIND_NAMES.get(kind, kind), KIND_NAMES.get(kind, kind)))
    return singular if n == 1 else plural


#: How the review page can list a draft's elements.
ORDERS = ("confidence", "document")
_REASON_NAMES = (("kind", "What it is"), ("parent", "Where it sits"), ("date", "Target date"))


def _rows(draft: ImportDraft, order: str) -> list[dict]:
    """Each element with its reasons, confidence and source, the least sure first (or in
    document order, indented by depth)."""
    elements = draft.plan["elements"]
    by_id = {e["id"]: e for e in elements}
    lines = draft.source_text.split("\n") if draft.file_type != "pdf" else []
    depth: dict[str, int] = {}
    rows = []
    for index, element in enumerate(elements):
        parent = by_id.get(element["parent"]) if element["parent"] else None
        depth[element["id"]] = depth.get(parent["id"], -1) + 1 if parent else 0
        evidence = draft.evidence.get(element["id"], {})
        band = evidence.get("confidence", "")
        source = evidence.get("source", {})
        row = {
            "element": element, "index": index, "depth": min(depth[element["id"]], 6),
            "kind_name": KIND_NAMES.get(element["kind"], element["kind"]),
            "parent_title": parent["title"] if parent else "",
            "link_titles": [by_id[link["target"]]["title"] for link in element["links"] if link["target"] in by_id],
            "band": band, "band_words": BAND_WORDS.get(band, ""),
            "reasons": [(name, evidence[key]["reason"], evidence[key]["confidence"])
                        for key, name in _REASON_NAMES if key in evidence],
            "page": source.get("page"),
            "image": bool(draft.document and source.get("box")),
        }
        if row["image"]:  # shown at the size it is printed; a wide table scrolls in its own region
            row["image_width"], row["image_height"] = region_size(source["box"])
        if lines and source.get("line"):
            first = max(0, source["line"] - 2)
            last = min(len(lines), source["line"] - 1 + source.get("lines", 1) + 1)
            row["source_lines"] = "\n".join(lines[first:last]).strip("\n")
            row["line"] = source["line"]
        rows.append(row)
    if order == "confidence":
        rows.sort(key=lambda r: (RANK.get(r["band"], 3), r["index"]))
    return rows


def _review_context(draft: ImportDraft, order: str, bulk: BulkForm | None = None) -> dict:
    plan = draft.plan
    counts: dict[str, int] = {}
    for element in plan["elements"]:
        counts[element["kind"]] = counts.get(element["kind"], 0) + 1
    rows = _rows(draft, order)
    return {
        "draft": draft, "meta": plan["meta"], "rows": rows, "order": order,
        "low_count": sum(1 for r in rows if r["band"] == "low"),
        "bulk": bulk or BulkForm(elements=plan["elements"]),
        "counts": sorted(((_kind_count_name(k, n), n) for k, n in counts.items()), key=lambda kv: -kv[1]),
        "earlier": None if draft.saved_plan_id else earlier_import(draft=draft),
    }


def _order(request) -> str:
    order = request.GET.get("order") or request.POST.get("order") or ORDERS[0]
    return order if order in ORDERS else ORDERS[0]


@plan_manager_required
def review(request, draft_id: int):
    draft = _draft(request, draft_id)
    return render(request, "importer/review.html", _review_context(draft, _order(request)))


@plan_manager_required
def bulk(request, draft_id: int):
    """Set the kind or parent of the selected elements, all of them or none."""
    draft = _draft(request, draft_id)
    order = _order(request)
    review_url = reverse("importer:review", kwargs={"draft_id": draft.pk}) + (f"?order={order}" if order != ORDERS[0] else "")
    if request.method != "POST" or draft.saved_plan_id:
        return redirect(review_url)
    form = BulkForm(request.POST, elements=draft.plan["elements"])
    if form.is_valid():
        data = form.cleaned_data
        try:
            import_draft_bulk_update(draft=draft, element_ids=list(data["elements"]), kind=data["kind"],
                                     parent=data["parent"])
        except DraftEditError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            n = len(data["elements"])
            messages.success(request, f"{n} element{'s' if n != 1 else ''} changed.")
            return redirect(review_url)
    return render(request, "importer/review.html", _review_context(draft, order, bulk=form), status=400)


@plan_manager_required
def source_region(request, draft_id: int, element_id: str):
    """The region of the PDF page an element was printed in, for its owner only."""
    draft = _draft(request, draft_id)
    source = draft.evidence.get(element_id, {}).get("source", {})
    if not source.get("box") or not source.get("page"):
        raise Http404("No source region for this element")
    try:
        data = region_png(draft, source["page"], source["box"])
    except NoRegion:
        raise Http404("No source region for this element") from None
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


@plan_manager_required
def element_edit(request, draft_id: int, element_id: str):
    draft = _draft(request, draft_id)
    elements = draft.plan["elements"]
    element = next((e for e in elements if e["id"] == element_id), None)
    if element is None:
        raise Http404("No such element")
    initial = {"kind": element["kind"], "parent": element["parent"] or "", "title": element["title"],
               "date_text": element["date_text"], "links": [link["target"] for link in element["links"]]}
    form = ElementForm(request.POST or None, initial=initial, element=element, elements=elements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            import_draft_element_update(draft=draft, element_id=element_id, kind=data["kind"],
                                        parent=data["parent"] or None, title=data["title"],
                                        date_text=data["date_text"], links=list(data["links"]))
        except DraftEditError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            anchor = "" if data["kind"] == "remove" else f"#el-{element_id}"
            return redirect(reverse("importer:review", kwargs={"draft_id": draft.pk}) + anchor)
    return render(request, "importer/element_form.html", {"draft": draft, "element": element, "form": form},
                  status=400 if form.errors else 200)


@plan_manager_required
def save(request, draft_id: int):
    draft = _draft(request, draft_id)
    if request.method != "POST":
        return redirect("importer:review", draft_id=draft.pk)
    if draft.saved_plan_id:
        return redirect(draft.saved_plan.get_absolute_url())
    choice = request.POST.get("earlier", "")
    try:
        plan = import_draft_save(draft=draft, user=request.user, earlier=choice)
    except (PlanFileError, DuplicateImport) as exc:
        problems = exc.problems[:20] if isinstance(exc, PlanFileError) else [str(exc)]
        context = _review_context(draft, ORDERS[0])
        context.update(save_problems=problems, earlier=earlier_import(draft=draft))
        return render(request, "importer/review.html", context, status=400)
    if choice == "replace":
        messages.success(request, f"“{plan.title}” was replaced by this import; its progress and history stay with "
                                  "the elements still in it.")
    return redirect(plan.get_absolute_url())
