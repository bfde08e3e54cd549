from tests.governance.fixtures import governance, manager, officer, run_worker, sample_progress, viewer  # noqa: F401
