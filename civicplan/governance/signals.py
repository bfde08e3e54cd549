"""What the change-request services announce once their transaction has committed.

The inbox's e-mail notifications listen; governance does not import them.
"""

from django.dispatch import Signal

# Sent with change=<ChangeRequest> when an officer or manager asks to change an adopted plan.
change_requested = Signal()
# Sent with change=<ChangeRequest> when a plan manager approves or rejects it.
change_decided = Signal()
