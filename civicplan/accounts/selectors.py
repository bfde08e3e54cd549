"""How people with accounts are named on pages: one rule for every page that shows who did what."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model


def user_display_name(user) -> str:
    """Their full name, or their user name when they have none."""
    return user.get_full_name() or user.get_username()


def user_names(user_ids: Iterable[int | None]) -> dict[int, str]:
    """{user id: display name} for these accounts (one query; none when no ids). Pages that keep
    what they show per plan version keep ids, not names: an account's name is not part of a
    plan, so it is read when the page is served."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return {}
    model = get_user_model()
    return {
        user.pk: user_display_name(user)
        for user in model.objects.filter(pk__in=ids).only("pk", "first_name", "last_name", model.USERNAME_FIELD)
    }
