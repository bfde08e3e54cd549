"""Reading an uploaded file in a child process with a memory and time ceiling.

A small file can be built to unpack into gigabytes (a PDF stream that inflates to 1 GiB, a zip
bomb). Read in the web worker, such a file would leave the worker holding the memory for the
rest of its life, or take the server down. So parsers run in a fresh interpreter of the same
Python (`python -m civicplan.core.bounded`): it sets its own address-space and CPU limits
(RLIMIT_AS, RLIMIT_CPU) before reading, the parent kills it after a wall-clock timeout, and the
parsed result (plain, picklable lines, tables or rows) comes back through a pipe. When the child
exits, all of its memory goes back to the system; the worker only ever holds the result.

The child does not start Django: a target that needs it calls `django.setup()` itself.
Limits come from settings PARSE_MEMORY_MB and PARSE_SECONDS (environment variables
CIVICPLAN_PARSE_MEMORY_MB and CIVICPLAN_PARSE_SECONDS); docs/adr/0022.
"""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass

from .errors import UserFacingError

DEFAULT_MEMORY_MB = 300
DEFAULT_SECONDS = 60


class ParseLimitExceeded(UserFacingError):
    """The file needed more memory or time than reading a document is allowed: refused."""

    def __init__(self, message: str, *, kind: str, peak_mb: float | None = None):
        self.kind = kind  # "memory" or "time"
        self.peak_mb = peak_mb  # the child's peak resident memory, when it could say
        super().__init__(message)


@dataclass
class Limits:
    memory_mb: int = DEFAULT_MEMORY_MB
    seconds: int = DEFAULT_SECONDS


def limits_from_settings() -> Limits:
    """The configured limits (settings PARSE_MEMORY_MB / PARSE_SECONDS), or the defaults outside Django."""
    try:
        from django.conf import settings

        return Limits(int(getattr(settings, "PARSE_MEMORY_MB", DEFAULT_MEMORY_MB)),
                      int(getattr(settings, "PARSE_SECONDS", DEFAULT_SECONDS)))
    except Exception:  # settings not configured: a script outside the project
        return Limits()


def memory_message(limits: Limits) -> str:
    return (f"The file needs more memory than the {limits.memory_mb} MB allowed to read a document; "
            "it may be damaged or built to exhaust memory. Nothing was saved.")


def time_message(limits: Limits) -> str:
    return (f"Reading the file took longer than the {limits.seconds} seconds allowed; "
            "it may be damaged or built to exhaust the server. Nothing was saved.")


@dataclass
class Outcome:
    value: object
    peak_mb: float  # the child's peak resident memory


def run_bounded(target: str, *args, limits: Limits | None = None, django: bool = False, **kwargs) -> Outcome:
    """Call `target` ("package.module:function") with args in a child process under the limits.

    With `django` the child sets Django up first (about 0.3 s), for a target in a module that
    imports models; the child reads no database.
    Returns its result, re-raises the exception it raised (a user-facing error stays one), or
    raises ParseLimitExceeded when the child ran out of memory, CPU or wall-clock time.
    """
    limits = limits or limits_from_settings()
    request = pickle.dumps((target, django, args, kwargs, limits.memory_mb, limits.seconds), protocol=pickle.HIGHEST_PROTOCOL)
    env = dict(os.environ)
    # glibc gives each thread a 64 MB malloc arena of address space; a parser's threads would
    # spend the address-space limit on reservations rather than on memory.
    env["MALLOC_ARENA_MAX"] = "2"
    cpu_before = _children_cpu_seconds()
    child = subprocess.Popen(
        [sys.executable, "-m", "civicplan.core.bounded"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, close_fds=True,
    )
    sampled_kb = [0]
    done = threading.Event()
    watcher = threading.Thread(target=_watch_peak, args=(child.pid, done, sampled_kb), daemon=True)
    watcher.start()
    try:
        out, err = child.communicate(request, timeout=limits.seconds + 5)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise ParseLimitExceeded(time_message(limits), kind="time", peak_mb=sampled_kb[0] / 1024) from None
    finally:
        del request
        done.set()
        watcher.join()
    # Past the CPU limit the kernel sends SIGXCPU, then SIGKILL at the hard limit (a parser busy
    # inside C code never returns to Python to take the first).
    out_of_cpu = child.returncode == -signal.SIGKILL and _children_cpu_seconds() - cpu_before >= limits.seconds
    if child.returncode == -signal.SIGXCPU or out_of_cpu:
        raise ParseLimitExceeded(time_message(limits), kind="time", peak_mb=sampled_kb[0] / 1024)
    try:
        status, value, peak_kb = pickle.loads(out)
    except Exception:
        # No answer: the child died (an allocation failure inside a C library ends the process).
        raise ParseLimitExceeded(memory_message(limits), kind="memory", peak_mb=sampled_kb[0] / 1024) from None
    peak_kb = max(peak_kb, sampled_kb[0])
    if status == "memory":
        raise ParseLimitExceeded(memory_message(limits), kind="memory", peak_mb=peak_kb / 1024)
    if status == "time":
        raise ParseLimitExceeded(time_message(limits), kind="time", peak_mb=peak_kb / 1024)
    if status == "error":
        raise value
    return Outcome(value=value, peak_mb=peak_kb / 1024)


def _vm_hwm_kb(status_path: str) -> int:
    """A process's own peak resident memory (VmHWM); 0 when it has gone."""
    try:
        with open(status_path, encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _watch_peak(pid: int, done: threading.Event, peak_kb: list[int]) -> None:
    """The child's peak, read from outside every 20 ms: known even if the child dies."""
    path = f"/proc/{pid}/status"
    while not done.wait(0.02):
        peak_kb[0] = max(peak_kb[0], _vm_hwm_kb(path))


def _children_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class _CpuTimeUp(Exception):
    pass


def _on_cpu_limit(signum, frame):
    raise _CpuTimeUp()


def _peak_kb() -> int:
    """This process's own peak resident memory. Not getrusage: on Linux its ru_maxrss carries
    the parent's size over from before exec."""
    return _vm_hwm_kb("/proc/self/status")


def _child_main() -> int:
    """The child: read the request, set the limits, run the target, write the answer."""
    answer_stream = sys.stdout.buffer
    sys.stdout = sys.stderr  # a library that prints must not corrupt the answer
    target, use_django, args, kwargs, memory_mb, seconds = pickle.loads(sys.stdin.buffer.read())
    module_name, _, function_name = target.partition(":")
    try:
        if use_django:
            import django

            django.setup()
        function = getattr(importlib.import_module(module_name), function_name)
        # Limits after the imports: the interpreter and the parser libraries (about 90 MB of
        # address space) are the same for every file, and counted all the same.
        resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024, memory_mb * 1024 * 1024))
        signal.signal(signal.SIGXCPU, _on_cpu_limit)
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 2))
        answer = ("ok", function(*args, **kwargs))
    except MemoryError:
        answer = ("memory", None)
    except _CpuTimeUp:
        answer = ("time", None)
    except Exception as exc:  # the target's own error, re-raised in the parent
        answer = ("error", exc)
    peak_kb = _peak_kb()
    try:
        payload = pickle.dumps((*answer, peak_kb), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps(("memory", None, peak_kb))
    except Exception as exc:  # an unpicklable exception: send its words
        payload = pickle.dumps(("error", UserFacingError(str(exc)), peak_kb))
    answer_stream.write(payload)
    answer_stream.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
