"""Who owns an element: the person (or the words) the plan names for it, else the owner of
what it sits under. One walk, read by the filters, reminders and pages."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Owner:
    """`name`: the nearest owner named (a person or words); `person_id`: the nearest owning
    person (whom reminders go to, even where nearer words name a post rather than a person)."""

    person_id: int | None
    name: str


def own_owner_name(element) -> str:
    """The owner named on the element itself: the owning person's name, else the words."""
    return element.owner_person.name if element.owner_person_id else element.owner


def element_owners(elements: Iterable) -> dict[int, Owner]:
    """Element id -> its owner, inherited from the nearest ancestor naming one. `elements`
    must be in document order (parents first), as every read of a plan returns them."""
    owners: dict[int, Owner] = {}
    none = Owner(None, "")
    for element in elements:
        inherited = owners.get(element.parent_id, none)
        owners[element.id] = Owner(
            element.owner_person_id or inherited.person_id, own_owner_name(element) or inherited.name
        )
    return owners
