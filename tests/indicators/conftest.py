"""The shipped ONS data, loaded once per module (as `make run` loads it) and removed afterwards."""

import pytest


@pytest.fixture(scope="module")
def ons(django_db_setup, django_db_blocker):
    from civicplan.indicators.models import Area, Indicator
    from civicplan.indicators.services import shipped_data_load

    with django_db_blocker.unblock():
        shipped_data_load()
    yield
    with django_db_blocker.unblock():
        Indicator.objects.all().delete()
        Area.objects.all().delete()
