"""Headless Chromium (Debian's ``chromium``) driven through the DevTools protocol.

The browser is started with ``--remote-debugging-pipe``: protocol messages are JSON,
each ended by a NUL byte, written to the browser's fd 3 and read from its fd 4 — no
port, no websocket library.  One :class:`Chromium` serves a whole test session; each
:meth:`Chromium.open` is a fresh tab that records what a page did: console messages,
uncaught exceptions, log entries and every network request.

Also used by ``scripts/make_screenshots.py`` for the README's pictures.
"""

from __future__ import annotations

import base64
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--remote-debugging-pipe")
TIMEOUT = 30  # seconds for one protocol command or a page load


def find_chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class ProtocolError(RuntimeError):
    pass


class Chromium:
    """One headless browser process; close it with :meth:`close`."""

    def __init__(self, executable: str | None = None):
        executable = executable or find_chromium()
        if executable is None:
            raise FileNotFoundError("chromium is not installed")
        self.profile = tempfile.mkdtemp(prefix="giar-chromium-")
        to_browser, self._send_end = os.pipe()
        self._read_end, from_browser = os.pipe()

        def attach_pipes() -> None:  # in the child: the protocol pipes on fds 3 and 4
            # (copied out of the way first: the pipes may themselves be fds 3 and 4)
            reading, writing = os.dup(to_browser), os.dup(from_browser)
            os.dup2(reading, 3)
            os.dup2(writing, 4)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            preexec_fn=attach_pipes, close_fds=False,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._ids = iter(range(1, 1 << 30))
        self._replies: dict[int, queue.Queue] = {}
        self._lock = threading.Lock()
        self.events: queue.Queue = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.version = self.send("Browser.getVersion")["product"]

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._read_end, "rb", buffering=0) as stream:
            while chunk := stream.read(65536):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    message = json.loads(raw)
                    if "id" in message:
                        with self._lock:
                            waiting = self._replies.get(message["id"])
                        if waiting is not None:
                            waiting.put(message)
                    else:
                        self.events.put(message)

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        """Send one command and wait for its result (ProtocolError on an error reply)."""
        number = next(self._ids)
        reply: queue.Queue = queue.Queue()
        with self._lock:
            self._replies[number] = reply
        message = {"id": number, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._send_end, json.dumps(message).encode() + b"\0")
        try:
            answer = reply.get(timeout=TIMEOUT)
        except queue.Empty:
            raise ProtocolError(f"{method}: no answer in {TIMEOUT} s") from None
        finally:
            with self._lock:
                del self._replies[number]
        if "error" in answer:
            raise ProtocolError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def open(self, url: str, width: int = 1280, height: int = 900) -> Page:
        """A new tab showing ``url`` (loaded), recording what it does."""
        target = self.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        page = Page(self, target, session)
        for domain in ("Page", "Runtime", "Log", "Network"):
            page.send(f"{domain}.enable")
        page.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        page.navigate(url)
        return page

    def close(self) -> None:
        try:
            self.send("Browser.close")
        except (ProtocolError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._send_end)
        shutil.rmtree(self.profile, ignore_errors=True)


@dataclass
class Page:
    browser: Chromium
    target: str
    session: str
    console: list[dict] = field(default_factory=list)  # Runtime.consoleAPICalled params
    exceptions: list[dict] = field(default_factory=list)  # Runtime.exceptionThrown params
    log: list[dict] = field(default_factory=list)  # Log.entryAdded entries
    requests: list[str] = field(default_factory=list)  # every URL the page asked for

    def send(self, method: str, params: dict | None = None) -> dict:
        return self.browser.send(method, params, self.session)

    def navigate(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})
        self.wait_for("Page.loadEventFired")

    def wait_for(self, method: str) -> dict:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            try:
                event = self.browser.events.get(timeout=0.2)
            except queue.Empty:
                continue
            if self._record(event) == method:
                return event["params"]
        raise ProtocolError(f"no {method} in {TIMEOUT} s")

    def settle(self, seconds: float = 0.3) -> None:
        """Record the events that arrive within ``seconds``."""
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                self._record(self.browser.events.get(timeout=left))
            except queue.Empty:
                break

    def _record(self, event: dict) -> str | None:
        if event.get("sessionId") != self.session:
            return None
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            self.console.append(params)
        elif method == "Runtime.exceptionThrown":
            self.exceptions.append(params)
        elif method == "Log.entryAdded":
            self.log.append(params["entry"])
        elif method == "Network.requestWillBeSent":
            self.requests.append(params["request"]["url"])
        return method

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page (ProtocolError if it throws)."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise ProtocolError(f"{expression}: {result['exceptionDetails']}")
        self.settle(0.05)
        return result["result"].get("value")

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        params: dict = {"format": "png"}
        if full_page:
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params.update(captureBeyondViewport=True,
                          clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"],
                                "scale": 1})
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", params)["data"]))
        return path

    def pdf(self, path: Path) -> Path:
        """Print to PDF as the print dialog would (the page's own @page size and margins)."""
        data = self.send("Page.printToPDF", {"preferCSSPageSize": True, "printBackground": True})
        path.write_bytes(base64.b64decode(data["data"]))
        return path

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions, logged errors and warnings."""
        self.settle()
        found = [f"console.{c['type']}: {c.get('args')}" for c in self.console
                 if c["type"] in ("error", "warning", "assert")]
        found += [f"exception: {e['exceptionDetails']}" for e in self.exceptions]
        found += [f"log {e['level']}: {e.get('text')} {e.get('url', '')}" for e in self.log
                  if e["level"] in ("error", "warning")]
        return found

    def close(self) -> None:
        self.browser.send("Target.closeTarget", {"targetId": self.target})
