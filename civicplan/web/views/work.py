"""An officer's own list: what they own, its status, and their updates in flight."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from civicplan.core.permissions import officer_required
from civicplan.delivery.selectors import owned_work, returned_updates, submitted_pending
from civicplan.standing.status import plans_with_sample_data


@officer_required
def my_elements(request):
    as_at = timezone.localdate()
    work = owned_work(user=request.user, as_at=as_at)
    return render(
        request,
        "web/my_elements.html",
        {
            "work": work,
            "sample_plans": plans_with_sample_data(plan_ids=[group.plan.id for group in work]),
            "as_at": as_at,
            "returned": returned_updates(user=request.user),
            "pending": submitted_pending(user=request.user),
            "has_person": getattr(request.user, "person", None) is not None,
        },
    )
