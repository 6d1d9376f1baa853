"""Benchmark: a signed-in learner's home page under 40 concurrent connections.

Serves the app with gunicorn exactly as `make run` does (same config file), on a scratch instance
folder with the courses imported and the demo loaded (as `make run` sets it up), signs in as a demo
learner, then drives the home page with wrk and prints requests per second and p50/p95 latency.
Targets: p95 under 50 ms and at least 300 requests per second on a 2-core machine with SQLite.

Run: .venv/bin/python bench/bench_home.py [--seconds 15] [--connections 40]
"""
from __future__ import annotations

import argparse
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
LUA = """
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "seconds": %.3f, "errors": %d, "non2xx": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d}\\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    print("wrk not found; installing it from Debian's packages", file=sys.stderr)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
    return shutil.which("wrk")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sign_in(base: str, login: str, password: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/masuk").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": login, "password": password, "csrf_token": token}).encode()
    opener.open(f"{base}/masuk", data=data).read()
    home = opener.open(f"{base}/belajar")
    assert home.geturl().endswith("/belajar"), "sign-in failed"
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=40)
    args = parser.parse_args()
    wrk = ensure_wrk()

    instance = tempfile.mkdtemp(prefix="karya-bench-")
    env = dict(os.environ, KARYA_INSTANCE_PATH=instance)
    flask = [str(BIN / "flask"), "--app", "training.app"]
    subprocess.run(flask + ["create-db"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run(flask + ["import-courses", "content/courses"], cwd=ROOT, env=env, check=True, capture_output=True)
    demo = subprocess.run(flask + ["load-demo"], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    password = re.search(r"demo account: (\S+)\)", demo.stdout).group(1)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}", "training.app:create_app()"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz").read()
                break
            except OSError:
                time.sleep(0.1)
        cookie = sign_in(base, "BI.101/2025", password)
        lua = Path(instance) / "report.lua"
        lua.write_text(LUA)
        command = [wrk, "-t2", f"-c{args.connections}", "-H", f"Cookie: {cookie}", "-s", str(lua), f"{base}/belajar"]
        subprocess.run(command[:1] + ["-d3s"] + command[1:], check=True, capture_output=True)  # warm-up
        out = subprocess.run(command[:1] + [f"-d{args.seconds}s"] + command[1:], check=True, capture_output=True, text=True)
        result = json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(instance, ignore_errors=True)

    rps = result["requests"] / result["seconds"]
    p50, p95, p99 = result["p50_us"] / 1000, result["p95_us"] / 1000, result["p99_us"] / 1000
    print(f"learner home page, {args.connections} connections, {args.seconds} s, gunicorn as `make run` serves it (SQLite)")
    print(f"  requests/s  {rps:8.1f}   (target >= 300)  {'OK' if rps >= 300 else 'MISSED'}")
    print(f"  p50         {p50:8.1f} ms")
    print(f"  p95         {p95:8.1f} ms (target < 50)   {'OK' if p95 < 50 else 'MISSED'}")
    print(f"  p99         {p99:8.1f} ms")
    print(f"  errors {result['errors']}, non-2xx {result['non2xx']}, requests {result['requests']}")
    return 0 if result["non2xx"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
