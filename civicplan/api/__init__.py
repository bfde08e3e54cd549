"""The REST API under /api/v1/: plans, elements, progress, meetings, decisions, reports, exports.

Every endpoint asks civicplan.core.permissions the same questions the web pages ask, so the
API shows and allows exactly what the web does for the same person.
"""
