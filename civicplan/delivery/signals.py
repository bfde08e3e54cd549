"""What the progress services announce once their transaction has committed.

Other apps (the inbox's e-mail notifications) listen; delivery does not know who does, so the
dependency points from them to delivery and never back.
"""

from django.dispatch import Signal

# Sent with update=<ProgressUpdate> when an update is recorded as awaiting approval.
update_submitted = Signal()
# Sent with update=<ProgressUpdate> when a plan manager approves or returns an update.
update_reviewed = Signal()
