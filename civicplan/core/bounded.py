"""Reading an uploaded file in a child process with a memory and time ceiling.

A small file can be built to unpack into gigabytes (a PDF stream that inflates to 1 GiB, a zip
bomb). Read in the web worker, such a file would leave the worker holding the memory for the
rest of its life, or take the server down. So parsers run in a child process: it sets its own
address-space and CPU limits (RLIMIT_AS, RLIMIT_CPU) before reading, the parent kills it after a
wall-clock timeout, and the parsed result (plain, picklable lines, tables or rows) comes back
through a socket. When the child exits, all of its memory goes back to the system; the worker
only ever holds the result.

The children are forked from a "zygote": one small, clean interpreter per server process
(`python -m civicplan.core.bounded`), started on the first read, that has imported the parser
libraries once and then only forks. It never reads a file (the file goes straight from the
worker to the child), so it stays small; a child does not pay for an interpreter's start and
imports; and the zygote ends when its server process does (its socket to it closes).
Targets that need Django (`django=True`) have a zygote of their own with Django set up (no
database opened), started only when one is first read.
Limits come from settings PARSE_MEMORY_MB and PARSE_SECONDS (environment variables
CIVICPLAN_PARSE_MEMORY_MB and CIVICPLAN_PARSE_SECONDS); docs/adr/0022.
"""

from __future__ import annotations

import gc
import importlib
import os
import pickle
import resource
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from .errors import UserFacingError

DEFAULT_MEMORY_MB = 300
DEFAULT_SECONDS = 60

#: What the zygote imports once for every child: the readers of uploaded documents, the importer
#: that builds a draft from what they read, and the libraries every PDF or Word read imports
#: anyway (so a child's address space is what it was).
PRELOAD = (
    "civicplan.importer.parsers", "civicplan.importer.parsers.pdf", "civicplan.importer.parsers.docx",
    "civicplan.importer.parsers.text", "civicplan.importer.pipeline", "pypdfium2", "pdfplumber", "docx",
)
#: The same for targets that need Django (`django=True`: the spreadsheet readers), imported after
#: `django.setup()` in a second zygote of their own, started only when one is first read, so
#: that Django's 70 MB of address space is not counted against every document's ceiling.
DJANGO_PRELOAD = ("civicplan.exports.upload", "civicplan.indicators.services", "openpyxl")


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


_children_cpu = [0.0]
_last_peak_kb = [0]


def children_cpu_seconds() -> float:
    """CPU time spent by the reading children of this process so far (getrusage cannot see
    them: they are the zygote's children, not ours)."""
    return _children_cpu[0]


def last_child_peak_mb() -> float:
    """The peak resident memory of this process's latest reading child, also when it raised."""
    return _last_peak_kb[0] / 1024


def run_bounded(target: str, *args, limits: Limits | None = None, django: bool = False, **kwargs) -> Outcome:
    """Call `target` ("package.module:function") with args in a child process under the limits.

    With `django` the child comes from a zygote with Django set up, for a target in a module
    that imports models; the child reads no database.
    Returns its result, re-raises the exception it raised (a user-facing error stays one), or
    raises ParseLimitExceeded when the child ran out of memory, CPU or wall-clock time.
    """
    limits = limits or limits_from_settings()
    deadline = time.monotonic() + limits.seconds + 5
    request = pickle.dumps((target, django, args, kwargs, limits.memory_mb, limits.seconds), protocol=pickle.HIGHEST_PROTOCOL)
    conn = _fork_child(django)
    sampled = {"peak_kb": 0, "cpu": 0.0}
    done = threading.Event()
    pidfd = None
    try:
        conn.settimeout(max(deadline - time.monotonic(), 0.01))
        pid = struct.unpack("!q", _receive_exactly(conn, 8))[0]
        # Opened while the child waits for its request, so it names that process and no other.
        pidfd = os.pidfd_open(pid)
        watcher = threading.Thread(target=_watch, args=(pid, done, sampled), daemon=True)
        watcher.start()
        try:
            conn.sendall(request)
            del request
            conn.shutdown(socket.SHUT_WR)
            out = _receive_to_end(conn, deadline)
        except (TimeoutError, BrokenPipeError, ConnectionResetError) as exc:
            if not isinstance(exc, TimeoutError):
                out = b""  # the child died before it had read the request
            else:
                _kill(pidfd)
                _last_peak_kb[0] = sampled["peak_kb"]
                raise ParseLimitExceeded(time_message(limits), kind="time", peak_mb=sampled["peak_kb"] / 1024) from None
        except BaseException:  # interrupted: the child must not outlive the request
            _kill(pidfd)
            raise
        _wait_gone(pidfd, deadline)
        done.set()
        watcher.join()
    finally:
        done.set()
        conn.close()
        if pidfd is not None:
            os.close(pidfd)
    try:
        status, value, peak_kb, cpu = pickle.loads(out)
    except Exception:
        _children_cpu[0] += sampled["cpu"]
        _last_peak_kb[0] = sampled["peak_kb"]
        # No answer: the child was killed. At its hard CPU limit the kernel sends SIGKILL (a parser
        # busy inside C code never returns to Python to take SIGXCPU first); otherwise an
        # allocation failed inside a C library, which ends the process.
        kind = "time" if sampled["cpu"] >= limits.seconds else "memory"
        message = time_message(limits) if kind == "time" else memory_message(limits)
        raise ParseLimitExceeded(message, kind=kind, peak_mb=sampled["peak_kb"] / 1024) from None
    _children_cpu[0] += cpu
    peak_kb = _last_peak_kb[0] = max(peak_kb, sampled["peak_kb"])
    if status == "memory":
        raise ParseLimitExceeded(memory_message(limits), kind="memory", peak_mb=peak_kb / 1024)
    if status == "time":
        raise ParseLimitExceeded(time_message(limits), kind="time", peak_mb=peak_kb / 1024)
    if status == "error":
        raise value
    return Outcome(value=value, peak_mb=peak_kb / 1024)


def _receive_exactly(conn: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise RuntimeError("the reading process ended before it started")
        data += chunk
    return data


def _receive_to_end(conn: socket.socket, deadline: float) -> bytes:
    chunks = []
    while True:
        conn.settimeout(max(deadline - time.monotonic(), 0.01))
        chunk = conn.recv(1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _kill(pidfd: int) -> None:
    try:
        signal.pidfd_send_signal(pidfd, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _wait_gone(pidfd: int, deadline: float) -> None:
    """Wait for the child to have exited (its memory back with the system), not only to have answered."""
    select.select([pidfd], [], [], max(deadline - time.monotonic(), 0.01))


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


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_of(stat_path: str) -> float:
    """A process's CPU time so far (user + system, /proc/<pid>/stat); 0 when it has gone."""
    try:
        with open(stat_path, encoding="ascii") as stat:
            fields = stat.read().rpartition(")")[2].split()
        return (int(fields[11]) + int(fields[12])) / _TICKS
    except (OSError, ValueError, IndexError):
        return 0.0


def _watch(pid: int, done: threading.Event, sampled: dict) -> None:
    """The child's peak memory and CPU time, read from outside every 20 ms: known even if it is killed."""
    status, stat = f"/proc/{pid}/status", f"/proc/{pid}/stat"
    while not done.wait(0.02):
        sampled["peak_kb"] = max(sampled["peak_kb"], _vm_hwm_kb(status))
        sampled["cpu"] = max(sampled["cpu"], _cpu_of(stat))


# The zygote ----------------------------------------------------------------------------------

class _Zygote:
    """This process's zygote: the process and the socket it takes requests for children on."""

    def __init__(self, django: bool):
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        # glibc gives each thread a 64 MB malloc arena of address space; a parser's threads would
        # spend the address-space limit on reservations rather than on memory.
        env["MALLOC_ARENA_MAX"] = "2"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "civicplan.core.bounded", str(theirs.fileno()), "django" if django else "plain"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env, pass_fds=(theirs.fileno(),), start_new_session=True,
        )
        theirs.close()
        self.control = ours
        self.owner = os.getpid()
        ours.settimeout(60)
        try:
            ready = ours.recv(1)
        except TimeoutError:
            ready = b""
        ours.settimeout(None)
        if ready != b"R":  # the preloads failed: no zygote
            self.close()
            raise RuntimeError("the process that reads uploaded files could not start")

    def fork(self) -> socket.socket:
        """A connected socket to a new child of the zygote."""
        ours, theirs = socket.socketpair()
        try:
            socket.send_fds(self.control, [b"F"], [theirs.fileno()])
        except OSError:
            ours.close()
            raise
        finally:
            theirs.close()
        return ours

    def close(self) -> None:
        self.control.close()
        self.process.kill()
        self.process.wait()


_zygotes: dict[bool, _Zygote] = {}  # by whether Django is set up in it
_zygote_lock = threading.Lock()


def _fork_child(django: bool) -> socket.socket:
    """A new child of this process's zygote, starting the zygote (again) when there is none."""
    with _zygote_lock:
        for attempt in (1, 2):
            zygote = _zygotes.get(django)
            if zygote is None or zygote.owner != os.getpid():
                zygote = _zygotes[django] = _Zygote(django)
            try:
                return zygote.fork()
            except OSError:  # the zygote has gone (killed): start another, once
                zygote.control.close()
                del _zygotes[django]
                if attempt == 2:
                    raise
    raise AssertionError("unreachable")


def _forget_zygotes_after_fork() -> None:
    """A forked copy of the server (a worker) starts its own zygotes; the parent's are not its own."""
    global _zygote_lock
    for zygote in _zygotes.values():
        zygote.control.close()
    _zygotes.clear()
    _zygote_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_zygotes_after_fork)


def _zygote_main(control_fd: int, kind: str) -> int:
    """The zygote: import the parsers once, then fork a child for every request until the
    server process closes its end of the socket. Django is set up (no database is opened) only
    in the zygote of the targets that need it."""
    control = socket.socket(fileno=control_fd)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the children
    preload = PRELOAD
    if kind == "django":
        try:
            import django

            django.setup()
            preload = DJANGO_PRELOAD
        except Exception:  # not configured: each child tries, and says why it cannot
            preload = ()
    for name in preload:
        try:
            importlib.import_module(name)
        except Exception:  # a library missing: the child imports it, or says why it cannot
            pass
    # What the preloads made lives as long as the zygote: kept out of the collector's reach, so a
    # child's collections walk only what its own reading makes (and never touch, so never copy,
    # the pages it shares with the zygote).
    gc.freeze()
    control.sendall(b"R")
    while True:
        try:
            message, fds, _flags, _address = socket.recv_fds(control, 1, 1)
        except OSError:
            return 0
        if not message:  # the server process has ended
            return 0
        if not fds:
            continue
        if os.fork() == 0:
            control.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            code = 1
            try:
                code = _child_main(socket.socket(fileno=fds[0]))
            finally:
                os._exit(code)
        os.close(fds[0])


class _CpuTimeUp(Exception):
    pass


def _on_cpu_limit(signum, frame):
    raise _CpuTimeUp()


def _peak_kb() -> int:
    """This process's own peak resident memory (VmHWM; a forked child's starts at the zygote's size)."""
    return _vm_hwm_kb("/proc/self/status")


def _own_cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _child_main(conn: socket.socket) -> int:
    """The child: say who it is, read the request, set the limits, run the target, send the answer."""
    sys.stdout = sys.stderr  # a library that prints goes nowhere near the answer
    conn.sendall(struct.pack("!q", os.getpid()))
    chunks = []
    while chunk := conn.recv(1 << 20):
        chunks.append(chunk)
    target, use_django, args, kwargs, memory_mb, seconds = pickle.loads(b"".join(chunks))
    del chunks
    module_name, _, function_name = target.partition(":")
    try:
        if use_django:
            from django.apps import apps

            if not apps.ready:
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
    peak_kb, cpu = _peak_kb(), _own_cpu_seconds()
    try:
        payload = pickle.dumps((*answer, peak_kb, cpu), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        payload = pickle.dumps(("memory", None, peak_kb, cpu))
    except Exception as exc:  # an unpicklable exception: send its words
        words = str(answer[1]) if answer[0] == "error" else str(exc)
        payload = pickle.dumps(("error", UserFacingError(words), peak_kb, cpu))
    conn.sendall(payload)
    return 0


if __name__ == "__main__":
    sys.exit(_zygote_main(int(sys.argv[1]), sys.argv[2]))
