"""Shared plumbing for the benchmarks: a scratch installation, gunicorn as `make run` serves it,
a signed-in session, and wrk runs that report their figures as JSON.

Benchmarks print figures; they never pass or fail a test. Every speed is printed beside a reference
measured in the same run, because machines differ by a factor of three or more.
"""
from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEMO_LEARNER = "BI.101/2025"

WRK_REPORT = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def ensure_tool(name: str, package: str | None = None) -> str:
    """Return the path of a Debian tool, installing its package when it is missing."""
    found = shutil.which(name)
    if found:
        return found
    print(f"{name} not found; installing it from Debian's packages", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-qq", package or name], check=True, stdout=subprocess.DEVNULL)
    return shutil.which(name) or name


def free_port() -> int:
    """A TCP port on the loopback address that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_instance(database_url: str | None = None, learners: int = 0, staff: int = 0) -> tuple[str, dict, str]:
    """Set up a scratch installation as `make run` does; return (instance folder, env, demo password).

    With ``learners``, a lab's worth of accounts is added (bench/lab_world.py writes their sign-ins to
    ``<instance>/lab_world.json``).
    """
    instance = tempfile.mkdtemp(prefix="karya-bench-")
    env = dict(os.environ, KARYA_INSTANCE_PATH=instance)
    if database_url:
        env["KARYA_DATABASE_URL"] = database_url
    flask = [str(BIN / "flask"), "--app", "training.app"]
    subprocess.run(flask + ["create-db"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["import-courses", "content/courses"], cwd=ROOT, env=env, check=True, capture_output=True)
    demo = subprocess.run(flask + ["load-demo"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    password = re.search(r"demo account: (\S+)\)", demo.stdout).group(1)
    if learners:
        subprocess.run([str(BIN / "python"), str(ROOT / "bench" / "lab_world.py"), "--learners", str(learners),
                        "--staff", str(staff)],
                       cwd=ROOT, env=env, check=True)
    return instance, env, password


@contextlib.contextmanager
def serve(app_spec: str, env: dict, port: int, cwd: Path = ROOT):
    """Run gunicorn with the project's gunicorn.conf.py on ``port`` until the block ends."""
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", str(ROOT / "gunicorn.conf.py"), "--bind", f"127.0.0.1:{port}", app_spec],
        cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def wait_until_up(url: str, seconds: float = 30) -> None:
    """Poll ``url`` until it answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


class Session:
    """A signed-in browser-like session over urllib: cookies, CSRF tokens, redirects followed."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[str, str]:
        """GET a page; return (final URL, body)."""
        response = self.opener.open(self.base + path)
        return response.geturl(), response.read().decode()

    def post(self, path: str, fields: dict, page: str | None = None) -> tuple[str, str]:
        """POST a form with the CSRF token taken from ``page`` (or from GETting ``path``)."""
        body = page if page is not None else self.get(path)[1]
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', body).group(1)
        data = urllib.parse.urlencode(dict(fields, csrf_token=token), doseq=True).encode()
        response = self.opener.open(self.base + path, data=data)
        return response.geturl(), response.read().decode()

    def sign_in(self, login: str, password: str, home: str = "/belajar") -> None:
        """Sign in and check that it worked: the home page answers instead of the sign-in form."""
        self.post("/masuk", {"login": login, "password": password})
        url, _ = self.get(home)
        if not url.endswith(home):
            raise RuntimeError(f"sign-in as {login} failed (landed on {url})")

    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)


def wrk(url: str, *, seconds: int, connections: int, cookie: str | None = None, warmup: int = 0) -> dict:
    """Drive ``url`` with wrk; return requests, requests/s, p50/p95/p99 in ms, errors and non-2xx."""
    tool = ensure_tool("wrk")
    script = Path(tempfile.mkdtemp(prefix="karya-wrk-")) / "report.lua"
    script.write_text(WRK_REPORT)
    command = [tool, "-t2", f"-c{connections}", "-s", str(script)]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    try:
        if warmup:
            subprocess.run(command + [f"-d{warmup}s", url], check=True, capture_output=True)
        out = subprocess.run(command + [f"-d{seconds}s", url], check=True, capture_output=True, text=True)
    finally:
        shutil.rmtree(script.parent, ignore_errors=True)
    raw = json.loads(out.stdout.strip().splitlines()[-1])
    return {
        "requests": raw["requests"], "rps": raw["requests"] / raw["seconds"],
        "p50": raw["p50_us"] / 1000, "p95": raw["p95_us"] / 1000, "p99": raw["p99_us"] / 1000,
        "errors": raw["errors"], "non2xx": raw["non2xx"],
    }
