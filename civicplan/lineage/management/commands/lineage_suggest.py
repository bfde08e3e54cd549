"""civicplan lineage: rank which elements of a plan carry on ones from an earlier plan."""

import argparse
import math

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from civicplan.lineage.selectors import SUGGEST_THRESHOLD, lineage_pairs, plan_is_earlier, plan_kinds
from civicplan.lineage.services import lineage_apply_pairs
from civicplan.plans.models import Plan


def _score(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0 < number <= 1:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1 (e.g. 0.8)")
    return number


class Command(BaseCommand):
    help = (
        "Print the best one-to-one matches between an earlier plan OLD and a later plan NEW, "
        "best first, with how alike they are (0-1). With --apply-above, link the matches "
        "scoring at least that much that are not linked yet."
    )

    def add_arguments(self, parser):
        parser.add_argument("old", help="the earlier plan's slug, e.g. lc-business-plan-2019-20")
        parser.add_argument("new", help="the later plan's slug, e.g. lc-business-plan-2020-21")
        parser.add_argument("--kind", help="compare only this kind of element, e.g. priority, pledge")
        parser.add_argument("--new-kind", help="a different kind in the later plan, e.g. milestone")
        parser.add_argument(
            "--min", type=_score, default=SUGGEST_THRESHOLD, dest="minimum",
            help=f"leave out matches scoring below this (default {SUGGEST_THRESHOLD})",
        )
        parser.add_argument("--apply-above", type=_score, help="link matches scoring at least this, e.g. 0.8")

    def _plan(self, slug: str) -> Plan:
        plan = Plan.objects.filter(slug=slug).first()
        if plan is None:
            known = ", ".join(Plan.objects.order_by("slug").values_list("slug", flat=True)) or "none"
            raise CommandError(f"no plan with slug {slug!r} (plans: {known})")
        return plan

    def handle(self, *args, old, new, kind, new_kind, minimum, apply_above, **options):
        old_plan, new_plan = self._plan(old), self._plan(new)
        if not plan_is_earlier(old_plan=old_plan, new_plan=new_plan):
            raise CommandError(f"{old} is not earlier than {new}: name the earlier plan first")
        for slug, plan, wanted in ((old, old_plan, kind), (new, new_plan, new_kind or kind)):
            if wanted and wanted not in plan_kinds(plan=plan):
                kinds = ", ".join(plan_kinds(plan=plan))
                raise CommandError(f"{slug} has no elements of kind {wanted!r} (it has: {kinds})")
        floor = min(minimum, apply_above) if apply_above is not None else minimum
        pairs = lineage_pairs(old_plan=old_plan, new_plan=new_plan, kind=kind, new_kind=new_kind, minimum=floor)
        shown = [p for p in pairs if p.linked or p.score >= minimum]
        self.stdout.write(f"{len(shown)} matches, {new} <- {old}, best first:")
        for pair in shown:
            # Rounded down, so a pair shown as 0.80 does pass --apply-above 0.8.
            state = "linked " if pair.linked else f"{math.floor(pair.score * 100) / 100:.2f}   "
            self.stdout.write(
                f"  {state} {pair.new.key:<14} {pair.new.title[:50]:<50}  <-  {pair.old.key:<10} {pair.old.title[:50]}"
            )
        if apply_above is None:
            return
        try:
            applied = lineage_apply_pairs(
                old_plan=old_plan, new_plan=new_plan, kind=kind, new_kind=new_kind, threshold=apply_above
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"linked {len(applied)} pairs scoring {apply_above} or more")
