"""Import pages: upload a document, review its draft beside the source text, save it.

Plain server-rendered forms that work without JavaScript; plan managers only.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from civicplan.core.errors import PlanFileError, UserFacingError
from civicplan.core.permissions import plan_manager_required
from civicplan.plans.models import ElementKind

from .errors import NothingRecognised
from .forms import ElementForm, UploadForm
from .models import ImportDraft
from .services import (
    DuplicateImport,
    earlier_import,
    DraftEditError,
    MAX_UPLOAD_BYTES,
    import_draft_create,
    import_draft_element_update,
    import_draft_save,
)

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


def _tree(elements: list[dict]) -> list[dict]:
    by_parent: dict[str | None, list[dict]] = {}
    for element in elements:
        by_parent.setdefault(element["parent"], []).append(element)
    titles = {e["id"]: e["title"] for e in elements}

    def build(parent):
        return [
            {"element": e, "kind_name": KIND_NAMES.get(e["kind"], e["kind"]),
             "link_titles": [titles.get(link["target"], link["target"]) for link in e["links"]],
             "children": build(e["id"])}
            for e in by_parent.get(parent, [])
        ]

    return build(None)


@plan_manager_required
def review(request, draft_id: int):
    draft = _draft(request, draft_id)
    plan = draft.plan
    counts: dict[str, int] = {}
    for element in plan["elements"]:
        counts[element["kind"]] = counts.get(element["kind"], 0) + 1
    return render(request, "importer/review.html", {
        "draft": draft, "meta": plan["meta"], "tree": _tree(plan["elements"]),
        "counts": sorted(((_kind_count_name(k, n), n) for k, n in counts.items()), key=lambda kv: -kv[1]),
        "problem": request.GET.get("problem", ""),
        "earlier": None if draft.saved_plan_id else earlier_import(draft=draft),
    })


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
        return render(request, "importer/review.html", {
            "draft": draft, "meta": draft.plan["meta"], "tree": _tree(draft.plan["elements"]),
            "counts": [], "save_problems": problems, "earlier": earlier_import(draft=draft),
        }, status=400)
    if choice == "replace":
        messages.success(request, f"“{plan.title}” was replaced by this import; its progress and history stay with "
                                  "the elements still in it.")
    return redirect(plan.get_absolute_url())
