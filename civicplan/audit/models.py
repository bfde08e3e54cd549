"""History for rows that belong to other packages: sign-in accounts and their roles.

Every CivicPlan model that people change keeps its own history (`history = HistoricalRecords`,
in its app). Django's user accounts are not ours to edit, so their history is registered here:
name, e-mail, active and administrator flags and role groups (a role given or taken away),
never the password hash.
"""

from django.contrib.auth import get_user_model
from simple_history import register

register(get_user_model(), app="civicplan.audit", excluded_fields=["password", "last_login"], m2m_fields=["groups"])
