"""Loading and exporting values: the shipped data, a user's CSV/XLSX, and bad files refused whole."""

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from civicplan.indicators.models import ONS_ATTRIBUTION, Area, Indicator, Target, Value
from civicplan.indicators.periods import period_parse
from civicplan.indicators.services import LoadError, shipped_data_load, target_rag, target_set, values_load

HEADER = "indicator_slug,areacd,areanm,geography,indicator,period,observation,measure,unit,lci_95,uci_95,status,notes\n"
GOOD = (
    "taxicard,E09000002,Barking and Dagenham,Local Authority District,Taxicard trips,2023-04-01/P3M,1200,Count,trips,,,,\n"
    "taxicard,E09000003,Barnet,Local Authority District,Taxicard trips,2023-04-01/P3M,3400,Count,trips,,,provisional,\n"
)


def test_periods_read_as_intervals_with_inclusive_end_dates():
    import datetime as dt

    assert period_parse("2021-04-01/P1Y") == (dt.date(2021, 4, 1), dt.date(2022, 3, 31))
    assert period_parse("2023-01-01/P3M") == (dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assert period_parse("2024-03-15") == (dt.date(2024, 3, 15), dt.date(2024, 3, 15))
    with pytest.raises(ValueError, match="neither a duration"):
        period_parse("2021-04-01/next year")


@pytest.mark.django_db
def test_a_users_csv_loads_and_a_second_load_updates_in_place():
    result = values_load(filename="kpi.csv", content=(HEADER + GOOD).encode())
    assert (result.values_added, result.indicators_added, result.areas_added) == (2, 1, 2)
    indicator = Indicator.objects.get(slug="taxicard-trips")
    assert indicator.measure == "count" and indicator.attribution == ""
    assert Value.objects.get(area__code="E09000003").status == "provisional"
    again = values_load(filename="kpi.csv", content=(HEADER + GOOD.replace("1200", "1250")).encode())
    assert (again.values_added, again.values_updated) == (0, 2)
    assert Value.objects.get(area__code="E09000002").value == 1250


@pytest.mark.django_db
def test_a_bad_row_is_named_by_row_and_column_and_nothing_is_saved():
    bad = GOOD + (
        "taxicard,E09000004,Bexley,Local Authority District,Taxicard trips,2023-13-01/P3M,lots,Count,trips,5,3,maybe,\n"
    )
    with pytest.raises(LoadError) as caught:
        values_load(filename="kpi.csv", content=(HEADER + bad).encode())
    problems = "\n".join(caught.value.problems)
    assert "row 4, column period: “2023-13-01” is not a date" in problems
    assert "row 4, column observation: “lots” is not a number" in problems
    assert "row 4, columns lci_95/uci_95" in problems
    assert "row 4, column status: “maybe”" in problems
    assert not Value.objects.exists() and not Indicator.objects.exists() and not Area.objects.exists()


@pytest.mark.django_db
def test_a_missing_column_and_a_repeated_row_are_refused():
    with pytest.raises(LoadError, match="problem"):
        values_load(filename="kpi.csv", content=b"indicator_slug,areacd\nx,y\n")
    with pytest.raises(LoadError) as caught:
        values_load(filename="kpi.csv", content=(HEADER + GOOD + GOOD.splitlines()[0] + "\n").encode())
    assert "row 4: the same indicator, area and period as row 2" in caught.value.problems


@pytest.mark.django_db
def test_an_xlsx_in_the_same_format_loads(tmp_path):
    book = Workbook()
    sheet = book.active
    for line in csv.reader(io.StringIO(HEADER + GOOD)):
        sheet.append(line)
    path = tmp_path / "kpi.xlsx"
    book.save(path)
    call_command("indicators", "load", str(path), stdout=io.StringIO())
    assert Value.objects.filter(indicator__slug="taxicard-trips").count() == 2


@pytest.mark.django_db
def test_the_command_reports_every_problem_and_exits(tmp_path):
    path = tmp_path / "kpi.csv"
    path.write_text(HEADER + GOOD.replace("1200", "n/a"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"row 2, column observation: “n/a” is not a number"):
        call_command("indicators", "load", str(path))
    assert not Value.objects.exists()


@pytest.mark.django_db
def test_the_shipped_data_loads_once_with_its_attribution_and_exports_with_it():
    first = shipped_data_load()
    assert first.values_added == 25281 and first.indicators_added == 77 and first.areas_added == 35
    assert shipped_data_load() is None
    assert Area.objects.filter(kind="authority").count() == 33
    assert Area.objects.get(code="E09000007").sub_region == "inner"  # Camden
    assert Area.objects.get(code="E09000003").sub_region == "outer"  # Barnet
    obesity = Indicator.objects.get(slug="adult-obesity-prevalence")
    assert (obesity.polarity, obesity.measure, obesity.published) == ("lower", "percentage", True)
    out = io.StringIO()
    call_command("indicators", "export", "--indicator", "adult-obesity-prevalence", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == Value.objects.filter(indicator=obesity).count()
    assert rows[0]["attribution"] == ONS_ATTRIBUTION
    # What export writes, load reads back unchanged.
    again = values_load(filename="export.csv", content=out.getvalue().encode())
    assert (again.values_added, again.values_updated) == (0, len(rows))


@pytest.mark.django_db
def test_targets_are_versioned_and_rag_follows_polarity(django_user_model):
    values_load(filename="kpi.csv", content=(HEADER + GOOD).encode())
    indicator, area = Indicator.objects.get(), Area.objects.get(code="E09000002")
    user = django_user_model.objects.create(username="manager")
    first = target_set(indicator=indicator, area=area, period="2023-04-01/P3M", value=1000, within_percent=10,
                       reason="Budget 2023/24", user=user)
    second = target_set(indicator=indicator, area=area, period="2023-04-01/P3M", value=1300, within_percent=10,
                        reason="Raised after the pilot", user=user)
    assert (first.version, second.version) == (1, 2)
    assert list(Target.objects.values_list("reason", flat=True)) == ["Raised after the pilot", "Budget 2023/24"]
    assert target_rag(target=second, value=1300, polarity="higher") == "green"
    assert target_rag(target=second, value=1200, polarity="higher") == "amber"  # 7.7% short
    assert target_rag(target=second, value=1100, polarity="higher") == "red"
    bands = target_set(indicator=indicator, area=area, period="2023-04-01/P3M", value=10, amber_threshold=12,
                       red_threshold=15, reason="Waiting days", user=user)
    assert [target_rag(target=bands, value=v, polarity="lower") for v in (9, 13, 16)] == ["green", "amber", "red"]
    with pytest.raises(ValueError, match="reason"):
        target_set(indicator=indicator, area=area, period="2023-04-01/P3M", value=1, within_percent=5, reason=" ")


def test_civicplan_indicators_load_from_the_command_line(tmp_path):
    root = Path(__file__).resolve().parents[2]
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env["CIVICPLAN_VAR_DIR"] = str(tmp_path)
    run = lambda *a: subprocess.run([sys.executable, "-m", "civicplan.cli", *a], cwd=root, env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=300)
    assert run("manage", "migrate", "--verbosity", "0").returncode == 0
    path = tmp_path / "kpi.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    loaded = run("indicators", "load", str(path))
    assert loaded.returncode == 0, loaded.stderr
    assert "2 values added" in loaded.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + GOOD.replace("Barnet,Local", "Barnet,Planet"), encoding="utf-8")
    refused = run("indicators", "load", str(bad))
    assert refused.returncode != 0 and "row 3, column geography" in refused.stderr
    exported = run("indicators", "export")
    assert exported.stdout.count("\n") == 3
