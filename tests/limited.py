"""Run ``giar-xl`` commands on hostile inputs under hard limits (time and address space).

:class:`LimitedRunner` starts one helper process that imports giar-xl once;
for each command the helper forks a child (the helper has a single thread, so
forking it is safe), the child limits its address space with RLIMIT_AS, runs
the command line in-process with its output in a file and exits with the
command's code, and the helper kills it when it overruns.  Each command thus
runs in a process of its own with the real entry point, at the cost of a fork
instead of an interpreter start.  Run as a script, this file is the helper.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass

PROBE = "--print-address-space-limit"  # instead of a command: print the child's RLIMIT_AS


@dataclass(frozen=True)
class Run:
    code: int | None  # exit code, None when killed by a signal
    signal: int | None
    seconds: float
    peak_kb: int  # the child's maximum resident set size
    output: str  # stdout and stderr together

    @property
    def timed_out(self) -> bool:
        return self.signal == signal.SIGKILL


class LimitedRunner:
    def __init__(self, seconds: float = 10, memory_bytes: int = 1 << 30):
        self.limits = {"seconds": seconds, "memory": memory_bytes}
        self._helper = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True, encoding="utf-8")

    def run(self, *args: str) -> Run:
        """``giar-xl ARGS`` in a fresh child under the limits."""
        self._helper.stdin.write(json.dumps({"args": list(args), **self.limits}) + "\n")
        self._helper.stdin.flush()
        line = self._helper.stdout.readline()
        if not line:
            raise RuntimeError("the limited-run helper has stopped")
        return Run(**json.loads(line))

    def close(self) -> None:
        self._helper.stdin.close()
        self._helper.wait(timeout=30)


def _serve() -> None:  # the helper's loop
    import resource
    import tempfile
    import time
    import traceback

    os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
    import giar_xl.annotate  # noqa: F401  (everything a command may use, loaded once)
    import giar_xl.cli
    from giar_xl.check import supported_suffixes
    from giar_xl.spec import load_spec

    load_spec()
    supported_suffixes()

    for line in sys.stdin:
        request = json.loads(line)
        with tempfile.TemporaryFile() as output:
            sys.stdout.flush()
            start = time.monotonic()
            pid = os.fork()
            if pid == 0:
                code = 70
                try:
                    limit = request["memory"]
                    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
                    os.dup2(output.fileno(), 1)
                    os.dup2(output.fileno(), 2)
                    if request["args"] == [PROBE]:  # the harness's own test: report the limit
                        print(resource.getrlimit(resource.RLIMIT_AS)[0], flush=True)
                    else:
                        giar_xl.cli.main(request["args"], prog_name="giar-xl")
                    code = 0
                except SystemExit as exc:
                    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
                except BaseException:
                    traceback.print_exc()
                finally:
                    sys.stdout.flush()
                    sys.stderr.flush()
                    os._exit(code)
            status, usage = _wait(pid, request["seconds"])
            output.seek(0)
            text = output.read().decode("utf-8", "replace")
        print(json.dumps({
            "code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
            "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
            "seconds": round(time.monotonic() - start, 3), "peak_kb": usage.ru_maxrss,
            "output": text[-20000:]}), flush=True)


def _wait(pid: int, seconds: float):
    import time

    deadline = time.monotonic() + seconds
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            return status, usage
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            _done, status, usage = os.wait4(pid, 0)
            return status, usage
        time.sleep(0.005)


if __name__ == "__main__":
    _serve()
