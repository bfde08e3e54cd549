"""Errors a user can act on: their message names the problem in plain words."""


class UserFacingError(Exception):
    """Raised for bad input; the message is shown to the user as it is."""


class PlanFileError(UserFacingError):
    """A plan file that cannot be stored: every problem found is listed."""

    def __init__(self, problems: list[str], *, source: str = ""):
        self.problems = problems
        self.source = source
        where = f"{source}: " if source else ""
        if len(problems) == 1:
            message = f"{where}{problems[0]}"
        else:
            shown = "\n".join(f"  - {p}" for p in problems[:50])
            more = f"\n  ... and {len(problems) - 50} more" if len(problems) > 50 else ""
            message = f"{where}{len(problems)} problems:\n{shown}{more}"
        super().__init__(message)
