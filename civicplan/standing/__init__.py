"""The plan as it stood on a date: one read model every page, report and the API share.

A plan on a date is its elements as they stood then (re-dated and re-scoped words put back,
drops and additions by then applied), each element's delivery status (its own latest approved
update, or rolled up from its parts), and the counts a reader sees. Deciding these here, once,
is why the dashboard, the plan page, public pages, the API, the timeline, reminders and the
committee reports agree. delivery (writing updates) and governance (deciding changes) both
read from here and never from each other.
"""
