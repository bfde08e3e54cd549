from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "civicplan.governance"
    label = "governance"
    verbose_name = "Meetings, decisions and baselines"
