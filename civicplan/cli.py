"""The `civicplan` command: one entry point for serving, loading and exporting plans."""

from __future__ import annotations

import os
import sys

COMMANDS = {
    "load": ("plan_load", "store plan files, or --seeds for the organisation and seed plans"),
    "import": ("plan_import", "turn plan documents (.pdf, .docx, .txt, .md) into draft plans: --out or --save"),
    "import-eval": ("plan_import_eval", "score the importer against the reviewed seed plans (precision, recall, F1)"),
    "export": ("plan_export", "write a plan as plan JSON v1, plan YAML, CSV or XLSX"),
    "export-progress": ("progress_export", "write every plan's progress history as CSV (--plan SLUG for one)"),
    "upload-progress": ("progress_upload", "read a CSV or XLSX of progress updates into a plan: SLUG FILE --user NAME"),
    "setup": ("setup", "migrate the database and load the seed plans (safe to repeat)"),
    "lineage": ("lineage_suggest", "rank which elements of a plan carry on an earlier plan's; --apply-above links them"),
    "report": ("plan_report", "write a committee report: --kind plan|progress --format docx|pdf|html --out FILE"),
    "indicators": ("indicators", "indicator values: load FILE (CSV or XLSX, all or nothing) or export [--indicator SLUG]"),
    "worker": ("db_worker", "run the background task queue (reminders, report files) until stopped"),
    "remind": ("remind", "remind owners who have not updated before a reporting date (run daily)"),
    "rebuild-statuses": ("statuses_rebuild", "keep every plan's statuses as they stand today (run daily, --plan SLUG)"),
    "backup": ("backup", "copy all data, uploaded files and a checksummed manifest into DIR (safe while serving)"),
    "restore": ("restore", "restore a backup DIR into an empty database (--force to replace) and rebuild search"),
    "serve": (None, "serve the web app with gunicorn on 127.0.0.1:$PORT (default 8000)"),
    "manage": (None, "run any Django management command, e.g. civicplan manage createsuperuser"),
}


def _usage() -> str:
    lines = ["usage: civicplan COMMAND [ARGS]", "", "commands:"]
    lines += [f"  {name:<16} {summary}" for name, (_, summary) in COMMANDS.items()]
    lines += ["", "civicplan COMMAND --help describes a command."]
    return "\n".join(lines)


class ConfigError(Exception):
    """An environment variable or option that cannot be used: the message names it."""


def whole_number(name: str, text: str | None, *, default: int, low: int, high: int) -> int:
    """The number a variable or option holds (default if unset), or ConfigError naming it."""
    text = (text or "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise ConfigError(f"{name} must be a whole number from {low} to {high}, not {text[:40]!r}")
    return value


def settings_problem() -> str | None:
    """Read the settings now, so that a bad DATABASE_URL (or other setting) is one line, not a traceback."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.INSTALLED_APPS  # reading a setting loads the settings module
    except ImproperlyConfigured as exc:
        return str(exc)
    except ImportError as exc:
        return f"the settings module {os.environ.get('DJANGO_SETTINGS_MODULE')!r} cannot be imported: {exc}"
    except ValueError as exc:
        return f"the settings cannot be read from the environment: {exc}"
    except OSError as exc:  # e.g. CIVICPLAN_VAR_DIR where no folder can be made
        return f"the settings cannot be used: {exc.strerror}: {exc.filename}"
    return None


def serve(argv: list[str]) -> int:
    import argparse

    def port(text: str) -> int:
        try:
            return whole_number("--port", text, default=8000, low=1, high=65535)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix("--port ")) from None

    def workers(text: str) -> int:
        try:
            return whole_number("--workers", text, default=3, low=1, high=100)
        except ConfigError as exc:
            raise argparse.ArgumentTypeError(str(exc).removeprefix("--workers ")) from None

    try:
        default_port = whole_number("PORT", os.environ.get("PORT"), default=8000, low=1, high=65535)
        default_workers = whole_number("WEB_CONCURRENCY", os.environ.get("WEB_CONCURRENCY"), default=3, low=1, high=100)
    except ConfigError as exc:
        print(f"civicplan serve: {exc}", file=sys.stderr)
        return 2
    parser = argparse.ArgumentParser(prog="civicplan serve", description=COMMANDS["serve"][1])
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=port, default=default_port)
    parser.add_argument("--workers", type=workers, default=default_workers)
    args = parser.parse_args(argv)
    # gunicorn's workers load the settings; a bad DATABASE_URL would be a traceback in each.
    problem = settings_problem()
    if problem:
        print(f"civicplan serve: {problem}", file=sys.stderr)
        return 2
    gunicorn_args = [
        "gunicorn", "config.wsgi:application",
        "--bind", f"{args.host}:{args.port}",
        "--workers", str(args.workers),
        "--access-logfile", "-",
        "--forwarded-allow-ips", "127.0.0.1",
    ]
    os.execvp(sys.executable, [sys.executable, "-m", *gunicorn_args])
    return 0  # pragma: no cover


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    if not argv or argv[0] in {"-h", "--help", "help"}:
        print(_usage())
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"civicplan: unknown command {name!r}\n\n{_usage()}", file=sys.stderr)
        return 2
    if name == "serve":
        try:
            return serve(rest)
        except SystemExit as exc:
            return int(exc.code or 0)
    problem = settings_problem()
    if problem:
        print(f"civicplan {name}: {problem}", file=sys.stderr)
        return 2
    from django.core.management import execute_from_command_line

    if name == "manage":
        if not rest:
            print("usage: civicplan manage COMMAND [ARGS]", file=sys.stderr)
            return 2
        try:
            execute_from_command_line(["civicplan manage", *rest])
        except SystemExit as exc:
            return int(exc.code or 0)
        return 0
    try:
        _run_command(COMMANDS[name][0], name, rest)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _run_command(command: str, name: str, rest: list[str]) -> None:
    """Run the management command behind `civicplan NAME`, so that its usage line and errors say
    `civicplan NAME` (not the management command's own name)."""
    import django
    from django.core.management import get_commands, load_command_class

    django.setup()
    load_command_class(get_commands()[command], command).run_from_argv(["civicplan", name, *rest])


if __name__ == "__main__":
    sys.exit(main())
