"""API endpoints: each parses its input, asks one selector or service, and answers JSON or a file.

Permissions are the web's (see permissions.py); every query parameter and body is checked by a
serializer so that bad input answers 400 with the problem named, never a 500.
"""

from __future__ import annotations

import math

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import ValidationError as QueryError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from civicplan.core.permissions import (
    PUBLISHED_STATUSES,
    Role,
    can_update_element,
    can_view_plan,
    user_role,
)
from civicplan.delivery.models import ProgressUpdate
from civicplan.delivery.services import progress_update_approve, progress_update_return, progress_update_submit
from civicplan.exports.services import UploadRejected, progress_upload_apply
from civicplan.exports.upload import MAX_UPLOAD_BYTES, ElementFinder
from civicplan.exports.writers import CSV_TYPE, PLAN_FORMATS, plan_export, progress_csv
from civicplan.governance import selectors as governance_selectors
from civicplan.governance import services as governance_services
from civicplan.governance.models import Decision, Meeting
from civicplan.organisations.models import Body
from civicplan.plans.models import Plan
from civicplan.plans.selectors import plan_list, plans_with_element_counts
from civicplan.reports.models import GeneratedReport
from civicplan.reports.services import CONTENT_TYPES, report_generate_queue, report_render
from civicplan.standing.filters import plan_elements_filter
from civicplan.standing.status import elements_status, plan_status, remembered_plan_status

from . import data
from . import serializers as s
from .permissions import PlanManagerOnly, ReadOrOfficer, ReadOrPlanManager, element_for, plan_for, valid_id

FILE_TYPES = {
    "text/csv": "CSV",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/json": "plan JSON v1",
    "application/yaml": "plan YAML",
}
REPORT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word",
    "application/pdf": "PDF",
    "text/html": "HTML",
}


def _file_responses(types: dict[str, str]) -> dict:
    """A file answer per media type; JSON and YAML files are documents (a plan file), the rest bytes."""
    responses = {}
    for media_type, name in types.items():
        if media_type in ("application/json", "application/yaml"):
            schema = {"type": "object", "description": "A plan file (plan JSON v1 / plan YAML)."}
        else:
            schema = OpenApiTypes.BINARY
        responses[(200, media_type)] = OpenApiResponse(schema, description=f"The file ({', '.join(types.values())}).")
    return responses


def _query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    # DRF reads "?as_at=" as "not given": refuse it instead, naming it, so a caller whose
    # variable came out empty is told rather than silently shown today.
    empty = {
        name: [f"Give a value for {name}, or leave it out."]
        for name, field in serializer.fields.items()
        if name in request.query_params and not request.query_params.get(name, "").strip()
        and not getattr(field, "allow_blank", False)
    }
    if empty:
        raise QueryError(empty)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _body(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _internal(request, *, public: bool = False) -> bool:
    return not public and user_role(request.user) >= Role.OFFICER


def _page(request, count: int, query: dict) -> dict:
    """Where a page sits in a list of `count` items, with links to the pages either side."""
    size, page = query["page_size"], query["page"]
    pages = max(1, math.ceil(count / size))
    start = (page - 1) * size

    def link(number: int) -> str:
        params = request.query_params.copy()
        params["page"] = str(number)
        return f"{request.path}?{params.urlencode()}"

    return {
        "count": count,
        "page": page,
        "pages": pages,
        "next": link(page + 1) if page < pages else None,
        "previous": link(min(page - 1, pages)) if page > 1 else None,
        "start": start,
        "stop": start + size,
    }


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# A view that answers with a file: the client's Accept header never makes it a 406.
class FileView(APIView):

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The plan's slug.")
KEY = OpenApiParameter("key", OpenApiTypes.STR, OpenApiParameter.PATH, description="The element's key.")


# --- Plans and elements ----------------------------------------------------------------------


class PlanListView(APIView):
    @extend_schema(operation_id="plans_list", tags=["plans"], summary="Plans you may see",
                   description="Anonymous visitors and viewers see published plans; officers and plan managers see every plan.",
                   responses=s.PlanSummarySerializer(many=True))
    def get(self, request):
        plans = plan_list()
        if user_role(request.user) < Role.OFFICER:
            plans = plans.filter(status__in=PUBLISHED_STATUSES)
        return Response(s.PlanSummarySerializer([data.plan_summary(p) for p in plans], many=True).data)


class PlanDetailView(APIView):
    @extend_schema(operation_id="plan_get", tags=["plans"], summary="A plan: its front matter and framework", parameters=[SLUG],
                   responses=s.PlanSerializer)
    def get(self, request, slug: str):
        plan = plan_for(request, slug)
        return Response(s.PlanSerializer(data.plan_detail(plan, internal=_internal(request))).data)


class ElementListView(APIView):
    @extend_schema(operation_id="elements_list", 
        tags=["plans"], summary="A plan's elements with their status, filtered as on the plan page",
        parameters=[SLUG, s.ElementQuery], responses=s.ElementPageSerializer,
    )
    def get(self, request, slug: str):
        plan = plan_for(request, slug)
        query = _query(s.ElementQuery, request)
        as_at = query.get("as_at") or timezone.localdate()
        filters = {k: query.get(k, "") for k in ("kind", "group", "sub_priority", "owner", "rag", "due")}
        # A page of a long plan works out status for its own elements only, unless this process
        # already has the whole plan's, or the filters find elements by their status.
        statuses = remembered_plan_status(plan=plan, as_at=as_at)
        placed_only = False
        if statuses is None:
            if filters["rag"] or filters["due"]:
                statuses = plan_status(plan=plan, as_at=as_at)
            else:
                statuses, placed_only = data.plan_elements_placed(plan=plan, as_at=as_at), True
        chosen = plan_elements_filter(plan=plan, as_at=as_at, filters=filters, statuses=statuses)
        page = _page(request, len(chosen), query)
        shown = chosen[page["start"]:page["stop"]]
        if placed_only and shown:
            worked_out = elements_status(plan=plan, as_at=as_at, elements=[status.element for status in shown])
            shown = [worked_out[status.element.id] for status in shown]
        context = data.ElementContext(plan=plan, statuses=statuses, as_at=as_at, internal=_internal(request))
        page["as_at"] = as_at
        page["results"] = [context.element(status) for status in shown]
        return Response(s.ElementPageSerializer(page).data)


class ElementDetailView(APIView):
    @extend_schema(operation_id="element_get", tags=["plans"], summary="One element with its status, children and links",
                   parameters=[SLUG, KEY, s.AsAtQuery], responses=s.ElementDetailSerializer)
    def get(self, request, slug: str, key: str):
        plan = plan_for(request, slug)
        element = element_for(request, plan, key)
        as_at = _query(s.AsAtQuery, request).get("as_at") or timezone.localdate()
        statuses = plan_status(plan=plan, as_at=as_at)
        context = data.ElementContext(plan=plan, statuses=statuses, as_at=as_at, internal=_internal(request))
        return Response(s.ElementDetailSerializer(data.element_detail(context, statuses[element.id])).data)


class ElementUpdatesView(APIView):
    @extend_schema(operation_id="element_updates_list", tags=["progress"], summary="An element's progress updates, newest first",
                   description="Viewers and the public see approved updates only, without internal commentary.",
                   parameters=[SLUG, KEY], responses=s.ProgressUpdateSerializer(many=True))
    def get(self, request, slug: str, key: str):
        plan = plan_for(request, slug)
        element = element_for(request, plan, key)
        internal = _internal(request)
        updates = ProgressUpdate.objects.filter(element=element).select_related(
            "element__plan", "submitted_by", "reviewed_by").order_by("-as_at", "-id")
        if not internal:
            updates = updates.filter(status=ProgressUpdate.Status.APPROVED)
        return Response(s.ProgressUpdateSerializer(
            [data.progress_update(u, internal=internal) for u in updates], many=True).data)


class PlanExportView(FileView):
    @extend_schema(operation_id="plan_export", tags=["exports"], summary="Download a plan as CSV, XLSX, plan JSON v1 or plan YAML",
                   parameters=[SLUG, s.ExportQuery], responses=_file_responses(FILE_TYPES))
    def get(self, request, slug: str):
        plan = plan_for(request, slug)
        query = _query(s.ExportQuery, request)
        as_at = query.get("as_at") or timezone.localdate()
        fmt = query["format"]
        content = plan_export(plan=plan, fmt=fmt, as_at=as_at, user=request.user)
        return _attachment(content, PLAN_FORMATS[fmt], f"{plan.slug}.{fmt}")


# --- Progress updates ------------------------------------------------------------------------


def _visible_updates(request):
    updates = ProgressUpdate.objects.select_related("element__plan", "submitted_by", "reviewed_by")
    if user_role(request.user) < Role.OFFICER:
        updates = updates.filter(plan__status__in=PUBLISHED_STATUSES, status=ProgressUpdate.Status.APPROVED)
    return updates


def _update_for(request, pk: int) -> ProgressUpdate:
    update = _visible_updates(request).filter(pk=valid_id(pk)).first()
    if update is None:
        raise Http404("No such progress update.")
    return update


class UpdateListView(APIView):
    permission_classes = [ReadOrOfficer]

    @extend_schema(operation_id="updates_list", tags=["progress"], summary="Progress updates you may see",
                   description="Viewers and the public see approved updates on published plans only.",
                   parameters=[s.UpdateQuery], responses=s.ProgressUpdatePageSerializer)
    def get(self, request):
        query = _query(s.UpdateQuery, request)
        updates = _visible_updates(request)
        if query.get("plan"):
            updates = updates.filter(plan__slug=query["plan"])
        if query.get("element"):
            updates = updates.filter(element__key=query["element"])
        if query.get("status"):
            updates = updates.filter(status=query["status"])
        if query.get("since"):
            updates = updates.filter(as_at__gte=query["since"])
        if query.get("until"):
            updates = updates.filter(as_at__lte=query["until"])
        updates = updates.order_by("-as_at", "-id")
        page = _page(request, updates.count(), query)
        internal = _internal(request)
        page["results"] = [data.progress_update(u, internal=internal) for u in updates[page["start"]:page["stop"]]]
        return Response(s.ProgressUpdatePageSerializer(page).data)

    @extend_schema(operation_id="update_create", 
        tags=["progress"], summary="Submit a progress update",
        description=(
            "Officers may update only the elements they own (or that sit under one they own); the update "
            "waits for a plan manager's approval. A plan manager's update is approved at once."
        ),
        request=s.ProgressUpdateCreateSerializer, responses={201: s.ProgressUpdateSerializer},
    )
    def post(self, request):
        body = _body(s.ProgressUpdateCreateSerializer, request)
        plan = plan_for(request, body["plan"])
        try:
            element = ElementFinder(plan).find(body["element"])
        except ValueError as exc:
            message = str(exc)
            raise ValidationError({"element": message[0].upper() + message[1:] + "."}) from None
        if not can_update_element(request.user, element):
            raise PermissionDenied("You can update only the elements you own.")
        update = progress_update_submit(
            element=element, user=request.user, rag=body["rag"], percent_complete=body["percent_complete"],
            commentary=body["commentary"], commentary_internal=body["commentary_internal"],
            evidence_url=body["evidence_url"], achieved_date=body["achieved_date"], as_at=body["as_at"],
        )
        update = _update_for(request, update.pk)
        return Response(s.ProgressUpdateSerializer(data.progress_update(update, internal=True)).data,
                        status=http.HTTP_201_CREATED)


ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description="The update's id.")


class UpdateDetailView(APIView):
    @extend_schema(operation_id="update_get", tags=["progress"], summary="One progress update", parameters=[ID],
                   responses=s.ProgressUpdateSerializer)
    def get(self, request, id: int):
        update = _update_for(request, id)
        return Response(s.ProgressUpdateSerializer(data.progress_update(update, internal=_internal(request))).data)


class UpdateApproveView(APIView):
    permission_classes = [PlanManagerOnly]

    @extend_schema(operation_id="update_approve", tags=["progress"], summary="Approve an update awaiting approval (plan managers)",
                   parameters=[ID], request=s.ReviewSerializer, responses=s.ProgressUpdateSerializer)
    def post(self, request, id: int):
        body = _body(s.ReviewSerializer, request)
        update = progress_update_approve(update=_update_for(request, id), user=request.user, comment=body["comment"])
        update = _update_for(request, update.pk)
        return Response(s.ProgressUpdateSerializer(data.progress_update(update, internal=True)).data)


class UpdateReturnView(APIView):
    permission_classes = [PlanManagerOnly]

    @extend_schema(operation_id="update_return", tags=["progress"], summary="Return an update for changes, saying what needs changing (plan managers)",
                   parameters=[ID], request=s.ReturnSerializer, responses=s.ProgressUpdateSerializer)
    def post(self, request, id: int):
        body = _body(s.ReturnSerializer, request)
        update = progress_update_return(update=_update_for(request, id), user=request.user, comment=body["comment"])
        update = _update_for(request, update.pk)
        return Response(s.ProgressUpdateSerializer(data.progress_update(update, internal=True)).data)


class ProgressExportView(FileView):
    @extend_schema(operation_id="progress_export", tags=["exports"], summary="Download every progress update you may see, as CSV",
                   parameters=[s.ProgressExportQuery], responses=_file_responses({"text/csv": "CSV"}))
    def get(self, request):
        query = _query(s.ProgressExportQuery, request)
        plan = plan_for(request, query["plan"]) if query.get("plan") else None
        text = progress_csv(user=request.user, plan=plan)
        name = f"{plan.slug}-progress.csv" if plan else "progress.csv"
        return _attachment(text.encode("utf-8"), CSV_TYPE, name)


class ProgressUploadView(APIView):
    permission_classes = [ReadOrOfficer]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(operation_id="progress_upload", 
        tags=["progress"], summary="Upload many progress updates from a CSV or XLSX file, all or nothing",
        description=(
            f"One update per row; columns element, rag, percent, commentary, as_at, achieved_date, evidence_url, "
            f"internal. Up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. If any row has a problem nothing is saved and "
            "`problems` lists each one with its row number."
        ),
        parameters=[SLUG], request={"multipart/form-data": s.UploadSerializer},
        responses={200: s.UploadResultSerializer, 400: s.UploadErrorSerializer},
    )
    def post(self, request, slug: str):
        plan = plan_for(request, slug)
        body = _body(s.UploadSerializer, request)
        upload = body["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            message = f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Split it into smaller files."
            return Response({"detail": message, "problems": [{"row": None, "message": message}]},
                            status=http.HTTP_400_BAD_REQUEST)
        try:
            result = progress_upload_apply(plan=plan, user=request.user, filename=upload.name,
                                           content=upload.read(MAX_UPLOAD_BYTES + 1), check_only=body["check_only"])
        except UploadRejected as exc:
            problems = [{"row": p.row, "message": p.message} for p in exc.problems]
            detail = str(exc.problems[0]) if len(problems) == 1 else f"The file has {len(problems)} problems: nothing has been saved."
            return Response(s.UploadErrorSerializer({"detail": detail, "problems": problems}).data,
                            status=http.HTTP_400_BAD_REQUEST)
        return Response(s.UploadResultSerializer({
            "saved": result.saved, "rows": result.rows, "skipped": result.skipped, "updates": len(result.updates),
            "approved": result.approved, "pending": result.pending, "summary": result.summary(),
        }).data)


# --- Meetings and decisions ------------------------------------------------------------------


class MeetingListView(APIView):
    permission_classes = [ReadOrPlanManager]

    @extend_schema(operation_id="meetings_list", tags=["governance"], summary="Meetings, with their agenda items and decisions on plans you may see",
                   responses=s.MeetingSerializer(many=True))
    def get(self, request):
        role = user_role(request.user)
        rows = []
        decisions_by_meeting: dict[int, list[Decision]] = {}
        for record in Decision.objects.filter(meeting__isnull=False).select_related(
                "plan", "meeting__body", "agenda_item").order_by("decided_on", "id"):
            if can_view_plan(request.user, record.plan):
                decisions_by_meeting.setdefault(record.meeting_id, []).append(record)
        for meeting in governance_selectors.meeting_list():
            items = sorted((i for i in meeting.items.all() if i.plan is None or can_view_plan(request.user, i.plan)), key=lambda i: i.sort_key)
            decisions = decisions_by_meeting.get(meeting.id, [])
            if items or decisions or role >= Role.OFFICER:
                rows.append(data.meeting(meeting, items=items, decisions=decisions))
        return Response(s.MeetingSerializer(rows, many=True).data)

    @extend_schema(operation_id="meeting_create", tags=["governance"], summary="Add a meeting (plan managers)",
                   description="Answers the existing meeting if the body already meets on that date.",
                   request=s.MeetingCreateSerializer, responses={201: s.MeetingSerializer})
    def post(self, request):
        body = _body(s.MeetingCreateSerializer, request)
        name = body["body"].strip()
        found = Body.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).order_by("id").first()
        if found is None:
            known = ", ".join(Body.objects.order_by("name").values_list("name", flat=True)[:20])
            raise ValidationError({"body": f"There is no body called “{name[:60]}”. Bodies: {known}."})
        meeting = governance_services.meeting_get_or_create(body=found, date=body["date"], user=request.user)
        return Response(s.MeetingSerializer(data.meeting(meeting, items=sorted(meeting.items.all(), key=lambda i: i.sort_key), decisions=[])).data,
                        status=http.HTTP_201_CREATED)


class MeetingDetailView(APIView):
    @extend_schema(operation_id="meeting_get", tags=["governance"], summary="One meeting",
                   parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
                   responses=s.MeetingSerializer)
    def get(self, request, id: int):
        meeting = governance_selectors.meeting_list().filter(pk=valid_id(id)).first()
        if meeting is None:
            raise Http404("No such meeting.")
        items = sorted((i for i in meeting.items.all() if i.plan is None or can_view_plan(request.user, i.plan)), key=lambda i: i.sort_key)
        decisions = [d for d in meeting.decisions.select_related("plan", "meeting__body", "agenda_item").order_by("decided_on", "id")
                     if can_view_plan(request.user, d.plan)]
        if not (items or decisions or user_role(request.user) >= Role.OFFICER):
            raise Http404("No such meeting.")
        return Response(s.MeetingSerializer(data.meeting(meeting, items=items, decisions=decisions)).data)


class DecisionListView(APIView):
    permission_classes = [ReadOrPlanManager]

    @extend_schema(operation_id="decisions_list", tags=["governance"], summary="A plan's decisions: its path through its committees",
                   parameters=[SLUG], responses=s.DecisionSerializer(many=True))
    def get(self, request, slug: str):
        plan = plan_for(request, slug)
        return Response(s.DecisionSerializer(
            [data.decision(d) for d in governance_selectors.plan_decisions(plan=plan)], many=True).data)

    @extend_schema(operation_id="decision_create", 
        tags=["governance"], summary="Record a decision on a plan, moving it one allowed step (plan managers)",
        description="Adopting a plan needs an approving decision and freezes its baseline.",
        parameters=[SLUG], request=s.DecisionCreateSerializer, responses={201: s.DecisionSerializer},
    )
    def post(self, request, slug: str):
        plan = plan_for(request, slug)
        body = _body(s.DecisionCreateSerializer, request)
        meeting = None
        if body["meeting"] is not None:
            meeting = Meeting.objects.filter(pk=body["meeting"]).first()
            if meeting is None:
                raise ValidationError({"meeting": "There is no meeting with that id."})
        record = governance_services.plan_transition(
            plan=plan, to_status=body["to_status"], meeting=meeting, decision=body["decision"], user=request.user,
            note=body["note"], item_no=body["item_no"], decided_on=body["decided_on"],
        )
        record = Decision.objects.select_related("plan", "meeting__body", "agenda_item").get(pk=record.pk)
        return Response(s.DecisionSerializer(data.decision(record)).data, status=http.HTTP_201_CREATED)


# --- Reports ---------------------------------------------------------------------------------


class ReportView(FileView):
    permission_classes = [ReadOrPlanManager]

    @extend_schema(operation_id="report_download", tags=["reports"], summary="Generate a committee report and download it",
                   description="The plan report (for approval) or the progress report, as docx, pdf or html.",
                   parameters=[SLUG, s.ReportQuery], responses=_file_responses(REPORT_TYPES))
    def get(self, request, slug: str):
        plan = plan_for(request, slug)
        query = _query(s.ReportQuery, request)
        made = report_render(plan=plan, kind=query["kind"], fmt=query["format"],
                             as_at=query.get("as_at") or timezone.localdate())
        return _attachment(made.content, made.content_type, made.filename)

    @extend_schema(operation_id="report_queue", tags=["reports"], summary="Make a report file in the background and keep it (plan managers)",
                   description="The worker makes it; list the plan's report files to see when it is ready.",
                   parameters=[SLUG], request=s.ReportCreateSerializer, responses={202: s.GeneratedReportSerializer})
    def post(self, request, slug: str):
        plan = plan_for(request, slug)
        body = _body(s.ReportCreateSerializer, request)
        record = report_generate_queue(plan=plan, kind=body["kind"], fmt=body["format"], as_at=body["as_at"],
                                       user=request.user)
        record = GeneratedReport.objects.select_related("plan").defer("content").get(pk=record.pk)
        return Response(s.GeneratedReportSerializer(data.generated_report(record)).data, status=http.HTTP_202_ACCEPTED)


class ReportFileListView(APIView):
    @extend_schema(operation_id="report_files_list", tags=["reports"], summary="A plan's kept report files, newest first", parameters=[SLUG],
                   responses=s.GeneratedReportSerializer(many=True))
    def get(self, request, slug: str):
        plan = plan_for(request, slug)
        records = GeneratedReport.objects.filter(plan=plan).select_related("plan").defer("content").order_by("-created_at")[:50]
        return Response(s.GeneratedReportSerializer([data.generated_report(r) for r in records], many=True).data)


class ReportFileView(FileView):
    @extend_schema(operation_id="report_file_download", tags=["reports"], summary="Download a kept report file",
                   parameters=[SLUG, OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
                   responses=_file_responses(REPORT_TYPES))
    def get(self, request, slug: str, id: int):
        plan = plan_for(request, slug)
        record = GeneratedReport.objects.filter(pk=valid_id(id), plan=plan, status=GeneratedReport.Status.DONE).first()
        if record is None:
            raise Http404("No such report file, or it is not ready yet.")
        return _attachment(bytes(record.content), CONTENT_TYPES[record.format], record.filename)


# --- The public view -------------------------------------------------------------------------


class PublicPlanListView(APIView):
    authentication_classes: list = []

    @extend_schema(operation_id="public_plans_list", tags=["public"], summary="Published plans (the public view, whoever asks)",
                   responses=s.PlanSummarySerializer(many=True))
    def get(self, request):
        plans = plans_with_element_counts(Plan.objects.filter(status__in=PUBLISHED_STATUSES)
                                          .select_related("organisation", "body").order_by("-period_start", "title"))
        return Response(s.PlanSummarySerializer([data.plan_summary(p, public=True) for p in plans], many=True).data)


class PublicPlanView(APIView):
    authentication_classes: list = []

    @extend_schema(operation_id="public_plan_get", 
        tags=["public"], summary="A published plan with every element and its latest approved status",
        description="No drafts, no updates awaiting approval, no internal commentary; owners as the paper printed them.",
        parameters=[SLUG, s.AsAtQuery], responses=s.PublicPlanSerializer,
    )
    def get(self, request, slug: str):
        plan = plan_for(request, slug, public=True)
        as_at = _query(s.AsAtQuery, request).get("as_at") or timezone.localdate()
        statuses = plan_status(plan=plan, as_at=as_at)
        context = data.ElementContext(plan=plan, statuses=statuses, as_at=as_at, internal=False, public=True)
        body = data.plan_detail(plan, public=True)
        body["as_at"] = as_at
        body["elements"] = [context.element(status) for status in statuses.values()]
        return Response(s.PublicPlanSerializer(body).data)


class PublicElementView(APIView):
    authentication_classes: list = []

    @extend_schema(operation_id="public_element_get",
        tags=["public"], summary="An element of a published plan: its latest approved status and its approved updates",
        description="The public view whoever asks: approved updates only, newest first, with internal commentary "
                    "withheld and no names of who submitted or reviewed them.",
        parameters=[SLUG, KEY, s.AsAtQuery], responses=s.PublicElementSerializer,
    )
    def get(self, request, slug: str, key: str):
        plan = plan_for(request, slug, public=True)
        element = element_for(request, plan, key)
        as_at = _query(s.AsAtQuery, request).get("as_at") or timezone.localdate()
        statuses = plan_status(plan=plan, as_at=as_at)
        context = data.ElementContext(plan=plan, statuses=statuses, as_at=as_at, internal=False, public=True)
        body = data.element_detail(context, statuses[element.id])
        updates = ProgressUpdate.objects.filter(element=element, status=ProgressUpdate.Status.APPROVED).select_related(
            "element__plan").order_by("-as_at", "-id")
        body["updates"] = [data.progress_update(u, internal=False) for u in updates]
        return Response(s.PublicElementSerializer(body).data)
