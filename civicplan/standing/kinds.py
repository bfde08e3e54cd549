"""What each kind of element is for: one definition each, read by every page and report."""

# Kinds whose elements group a plan (a plan page's headings, the dashboard's rows, the
# timeline's swimlanes): the nearest such ancestor is an element's group.
GROUP_KINDS = ("objective", "portfolio", "theme", "pledge_area", "directorate", "core_area")

# Kinds that are work to deliver: they carry a status and count in their parent's roll-up.
TRACKED_KINDS = ("milestone", "output", "priority", "pledge")

# The kind a plan's delivery is counted in: the first of these the plan has.
COUNTED_KIND_ORDER = TRACKED_KINDS

# Kinds that state a plan's context rather than work to deliver: nobody reports progress on them.
NO_PROGRESS_KINDS = {
    "purpose": "a purpose statement", "principle": "a principle", "key_event": "a key political event",
    "implication": "an implication",
}
