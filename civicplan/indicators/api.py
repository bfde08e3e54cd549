"""The indicators API (/api/v1/indicators/...): lists, values, comparisons and SPC, each answer
carrying the data's attribution. Bad parameters answer 400 naming the parameter."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from civicplan.api.permissions import ReadOrPlanManager
from civicplan.core.permissions import Role, user_role

from . import selectors, spc
from .models import Area, Indicator, Value
from .periods import period_label

SLUG = OpenApiParameter("slug", OpenApiTypes.STR, OpenApiParameter.PATH, description="The indicator's slug.")


class IndicatorSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    unit_label = serializers.CharField()
    measure = serializers.ChoiceField(choices=Indicator.Measure.choices)
    polarity = serializers.ChoiceField(choices=Indicator.Polarity.choices)
    frequency = serializers.ChoiceField(choices=Indicator.Frequency.choices)
    cumulative = serializers.BooleanField()
    source = serializers.CharField()
    licence = serializers.CharField()
    attribution = serializers.CharField()


class ValueSerializer(serializers.Serializer):
    area = serializers.CharField(help_text="ONS code")
    area_name = serializers.CharField()
    period = serializers.CharField(help_text="ISO 8601 interval")
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    value = serializers.FloatField(allow_null=True)
    lci = serializers.FloatField(allow_null=True)
    uci = serializers.FloatField(allow_null=True)
    status = serializers.CharField()
    flag = serializers.CharField()
    note = serializers.CharField()


class ValuesSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    attribution = serializers.CharField()
    results = ValueSerializer(many=True)


class ValuesQuery(serializers.Serializer):
    area = serializers.CharField(required=False, max_length=20, help_text="Only this area (ONS code).")
    period = serializers.CharField(required=False, max_length=40, help_text="Only this period (ISO 8601 interval).")


class ComparisonRowSerializer(serializers.Serializer):
    area = serializers.CharField()
    area_name = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    lci = serializers.FloatField(allow_null=True)
    uci = serializers.FloatField(allow_null=True)
    rank = serializers.IntegerField(allow_null=True, help_text="1 = best by polarity")
    quartile = serializers.IntegerField(allow_null=True, help_text="1 = best quarter")
    vs_london = serializers.CharField(help_text="better, worse, similar (95% intervals overlap) or not compared")
    vs_england = serializers.CharField()
    near_because_of = serializers.ListField(child=serializers.CharField())


class ComparisonSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    polarity = serializers.CharField()
    period = serializers.CharField()
    period_label = serializers.CharField()
    group = serializers.CharField()
    group_median = serializers.FloatField(allow_null=True)
    london = serializers.FloatField(allow_null=True)
    england = serializers.FloatField(allow_null=True)
    attribution = serializers.CharField()
    results = ComparisonRowSerializer(many=True)


class ComparisonQuery(serializers.Serializer):
    period = serializers.CharField(required=False, default="latest", max_length=40, help_text="An ISO 8601 interval, or latest.")
    group = serializers.ChoiceField(choices=list(selectors.GROUPS.items()), required=False, default="london")
    area = serializers.CharField(required=False, default="", max_length=20, help_text="With group=neighbours: whose neighbours (ONS code).")
    k = serializers.IntegerField(required=False, default=5, min_value=1, max_value=32, help_text="Number of neighbours.")
    context = serializers.CharField(required=False, default="", max_length=1000, help_text="Context indicator slugs, comma separated.")


class SpcPointSerializer(serializers.Serializer):
    period = serializers.CharField()
    value = serializers.FloatField()
    signals = serializers.ListField(child=serializers.CharField())
    variation = serializers.CharField(help_text="common cause, improvement, concern or special cause")


class SpcSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    area = serializers.CharField()
    mean = serializers.FloatField()
    lower_limit = serializers.FloatField()
    upper_limit = serializers.FloatField()
    mean_moving_range = serializers.FloatField()
    attribution = serializers.CharField()
    points = SpcPointSerializer(many=True)


class SpcQuery(serializers.Serializer):
    area = serializers.CharField(max_length=20, help_text="The area's ONS code.")


def _query(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _indicator(request, slug: str) -> Indicator:
    qs = selectors.indicators_visible(public=user_role(request.user) < Role.VIEWER)
    indicator = qs.filter(slug=slug).first()
    if indicator is None:
        raise Http404("No such indicator")
    return indicator


def _indicator_data(i: Indicator) -> dict:
    return {f: getattr(i, f) for f in IndicatorSerializer().fields}


class IndicatorListView(APIView):
    @extend_schema(operation_id="indicators_list", tags=["indicators"], summary="Indicators with polarity, unit and frequency",
                   description="Anonymous visitors see published indicators; signed-in users see every indicator.",
                   responses=IndicatorSerializer(many=True))
    def get(self, request):
        qs = selectors.indicators_visible(public=user_role(request.user) < Role.VIEWER)
        return Response(IndicatorSerializer([_indicator_data(i) for i in qs], many=True).data)


class ValueInSerializer(serializers.Serializer):
    area = serializers.CharField(max_length=20, help_text="The area's code (ONS code, or the organisation's).")
    period = serializers.CharField(max_length=40, help_text="ISO 8601 interval, e.g. 2024-04-01/P3M.")
    value = serializers.FloatField()
    status = serializers.ChoiceField(choices=["", "provisional", "revised"], required=False, default="")
    note = serializers.CharField(required=False, default="", allow_blank=True, max_length=2000)
    lci = serializers.FloatField(required=False, allow_null=True, default=None)
    uci = serializers.FloatField(required=False, allow_null=True, default=None)


class IndicatorValuesView(APIView):
    permission_classes = [ReadOrPlanManager]

    @extend_schema(operation_id="indicator_value_record", tags=["indicators"],
                   summary="Record (or correct) one value for an area and period",
                   description=("Plan managers only (token or session). Recording a value for a period that "
                                "already has one replaces it. Answers 201 with the value; 400 names the field."),
                   parameters=[SLUG], request=ValueInSerializer, responses={201: ValueSerializer})
    def post(self, request, slug: str):
        from .services import value_record

        data = ValueInSerializer(data=request.data)  # the body first: a malformed one is a 400 anywhere
        data.is_valid(raise_exception=True)
        indicator = _indicator(request, slug)
        given = data.validated_data
        area = Area.objects.filter(code=given["area"]).first()
        if area is None:
            raise ValidationError({"area": [f"no area with code {given['area']!r}"]})
        try:
            v = value_record(indicator=indicator, area=area, period=given["period"], value=given["value"],
                             status=given["status"], note=given["note"], lci=given["lci"], uci=given["uci"])
        except ValueError as exc:
            field, _, message = str(exc).partition(": ")
            raise ValidationError({field if field in ValueInSerializer().fields else "period": [message]}) from None
        return Response(ValueSerializer({
            "area": area.code, "area_name": area.name, "period": v.period, "period_start": v.period_start,
            "period_end": v.period_end, "value": v.value, "lci": v.lci, "uci": v.uci, "status": v.status,
            "flag": v.flag, "note": v.note,
        }).data, status=201)

    @extend_schema(operation_id="indicator_values", tags=["indicators"], summary="An indicator's values",
                   parameters=[SLUG, ValuesQuery], responses=ValuesSerializer)
    def get(self, request, slug: str):
        indicator = _indicator(request, slug)
        query = _query(ValuesQuery, request)
        values = Value.objects.filter(indicator=indicator).select_related("area").order_by("area__code", "period_start")
        if query.get("area"):
            if not Area.objects.filter(code=query["area"]).exists():
                raise ValidationError({"area": [f"no area with code {query['area']!r}"]})
            values = values.filter(area__code=query["area"])
        if query.get("period"):
            values = values.filter(period=query["period"])
        results = [{
            "area": v.area.code, "area_name": v.area.name, "period": v.period, "period_start": v.period_start,
            "period_end": v.period_end, "value": v.value, "lci": v.lci, "uci": v.uci, "status": v.status,
            "flag": v.flag, "note": v.note,
        } for v in values]
        return Response(ValuesSerializer({"indicator": indicator.slug, "attribution": indicator.attribution, "results": results}).data)


class IndicatorComparisonView(APIView):
    @extend_schema(operation_id="indicator_comparison", tags=["indicators"],
                   summary="Every authority in a group for one period: value, interval, rank, quartile, London and England",
                   parameters=[SLUG, ComparisonQuery], responses=ComparisonSerializer)
    def get(self, request, slug: str):
        indicator = _indicator(request, slug)
        query = _query(ComparisonQuery, request)
        context = [s.strip() for s in query["context"].split(",") if s.strip()]
        try:
            result = selectors.comparison(indicator=indicator, period=query["period"], group=query["group"],
                                          anchor_code=query["area"], context_slugs=context, k=query["k"])
        except selectors.ComparisonError as exc:
            raise ValidationError({exc.parameter: [str(exc)]}) from None
        rows = sorted(result.rows, key=lambda r: (r.rank is None, r.rank or 0, r.area.name))
        return Response(ComparisonSerializer({
            "indicator": indicator.slug, "polarity": indicator.polarity, "period": result.period,
            "period_label": period_label(result.period), "group": result.group, "group_median": result.median,
            "london": result.london.value if result.london else None,
            "england": result.england.value if result.england else None,
            "attribution": indicator.attribution,
            "results": [{
                "area": r.area.code, "area_name": r.area.name, "value": r.value, "lci": r.lci, "uci": r.uci,
                "rank": r.rank, "quartile": r.quartile, "vs_london": r.vs_london, "vs_england": r.vs_england,
                "near_because_of": r.reasons,
            } for r in rows],
        }).data)


class IndicatorSpcView(APIView):
    @extend_schema(operation_id="indicator_spc", tags=["indicators"], summary="XmR chart of an area's series with per-point signals",
                   parameters=[SLUG, SpcQuery], responses=SpcSerializer)
    def get(self, request, slug: str):
        indicator = _indicator(request, slug)
        query = _query(SpcQuery, request)
        area = Area.objects.filter(code=query["area"]).first()
        if area is None:
            raise ValidationError({"area": [f"no area with code {query['area']!r}"]})
        series = selectors.series(indicator=indicator, area=area)
        if len(series) < 2:
            raise ValidationError({"area": [f"{area.name} has fewer than two values of {indicator.name}"]})
        chart = spc.xmr([v.value for v in series], polarity=indicator.polarity)
        return Response(SpcSerializer({
            "indicator": indicator.slug, "area": area.code, "mean": chart.mean, "lower_limit": chart.lower_limit,
            "upper_limit": chart.upper_limit, "mean_moving_range": chart.mr_bar, "attribution": indicator.attribution,
            "points": [{"period": v.period, "value": v.value, "signals": p.signals, "variation": p.variation}
                       for v, p in zip(series, chart.points, strict=True)],
        }).data)
