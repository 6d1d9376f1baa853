"""Where a lab run's time goes: each request timed inside the app servers and in front of them.

``bench_lab.py --trace DIR`` serves the app through ``create_app`` below (gunicorn's app spec
``lab_trace:create_app()``) and has nginx log every request. Each worker writes one line per request
to ``DIR/app-<server pid>-<worker pid>.tsv``: when it started, method, route, status, wall ms, the worker thread's CPU
ms, and SQL statements with their ms. nginx writes ``DIR/nginx.log``: time, method, path, status,
its own time and the time it waited for the app server (``$upstream_response_time``), and which
server answered. ``report(DIR)`` compares them: the time a request waits in front of a busy worker
is nginx's wait minus the app's wall time, and the per-worker counts show how evenly the work is
shared. This is for finding where time goes; the lab's own table is what the targets are read from.

Run alone: .venv/bin/python bench/lab_trace.py DIR   (prints the report of a traced run)
"""
from __future__ import annotations

import collections
import glob
import os
import re
import statistics
import sys
import threading
import time
from pathlib import Path

NGINX_FORMAT = ("log_format trace '$msec\\t$request_method\\t$uri\\t$status\\t$request_time\\t"
                "$upstream_response_time\\t$upstream_addr';")


def create_app():
    """The app as gunicorn serves it, its WSGI call timed into ``$KARYA_TRACE_DIR/app-<pid>.tsv``."""
    from flask import request
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from training.app import create_app as create

    app = create()
    folder = Path(os.environ["KARYA_TRACE_DIR"])
    local = threading.local()
    files: dict[int, object] = {}

    @event.listens_for(Engine, "before_cursor_execute")
    def _before(*_args):
        local.sql_started = time.perf_counter()

    @event.listens_for(Engine, "after_cursor_execute")
    def _after(*_args):
        local.sql_n = getattr(local, "sql_n", 0) + 1
        local.sql_s = getattr(local, "sql_s", 0.0) + time.perf_counter() - local.sql_started

    @app.before_request
    def _rule():
        request.environ["karya.trace.rule"] = request.url_rule.rule if request.url_rule else "-"

    inner = app.wsgi_app

    def timed(environ, start_response):
        status = []

        def remember(code, headers, exc_info=None):
            status.append(code.split(" ", 1)[0])
            return start_response(code, headers, exc_info)

        local.sql_n, local.sql_s = 0, 0.0
        started, cpu = time.perf_counter(), time.thread_time()
        wall_start = time.time()
        body = inner(environ, remember)
        wall, used = time.perf_counter() - started, time.thread_time() - cpu
        pid = os.getpid()
        out = files.get(pid)
        if out is None:  # opened in the worker, after the fork
            # named by server (gunicorn's arbiter) and worker
            out = files[pid] = open(folder / f"app-{os.getppid()}-{pid}.tsv", "a", buffering=1)  # noqa: SIM115
        out.write(f"{wall_start:.3f}\t{environ['REQUEST_METHOD']}\t{environ.get('karya.trace.rule', '-')}\t"
                  f"{status[0] if status else '-'}\t{wall * 1000:.2f}\t{used * 1000:.2f}\t{local.sql_n}\t"
                  f"{local.sql_s * 1000:.2f}\n")
        return body

    app.wsgi_app = timed
    return app


def _pct(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


_DIGITS = re.compile(r"/\d+")


def _route(method: str, path: str) -> str:
    """A path with its ids and course and lesson names folded, so requests of one page group."""
    path = _DIGITS.sub("/<n>", path)
    if path.startswith("/belajar/kursus/"):
        parts = path.split("/")
        path = "/".join(parts[:3] + ["<x>" for _ in parts[3:5]] + parts[5:])
    return f"{method} {path}"


def report(folder: str | Path) -> list[str]:
    """The trace's tables: per route inside the app, per route in front of it, per worker, per minute."""
    folder = Path(folder)
    app: dict[str, list[tuple[float, ...]]] = collections.defaultdict(list)
    workers: collections.Counter[str] = collections.Counter()
    for name in sorted(glob.glob(str(folder / "app-*.tsv"))):
        pid = Path(name).stem.removeprefix("app-").replace("-", "/")  # server/worker
        for line in Path(name).read_text().splitlines():
            started, method, rule, _status, wall, cpu, sql_n, sql_ms = line.split("\t")
            app[f"{method} {rule}"].append((float(wall), float(cpu), float(sql_n), float(sql_ms)))
            workers[pid] += 1
    lines = ["inside the app servers (ms; cpu is the worker thread's)",
             f"{'route':58} {'n':>6} {'cpu50':>6} {'cpu95':>6} {'cpu s':>7} {'wall50':>6} {'wall95':>6} "
             f"{'sql n':>5} {'sql50':>6}"]
    total_cpu = 0.0
    for route, rows in sorted(app.items(), key=lambda item: -sum(r[1] for r in item[1])):
        cpu = [r[1] for r in rows]
        wall = [r[0] for r in rows]
        total_cpu += sum(cpu) / 1000
        lines.append(f"{route[:58]:58} {len(rows):6d} {_pct(cpu, .5):6.1f} {_pct(cpu, .95):6.1f} "
                     f"{sum(cpu) / 1000:7.1f} {_pct(wall, .5):6.1f} {_pct(wall, .95):6.1f} "
                     f"{statistics.median(r[2] for r in rows):5.0f} {_pct([r[3] for r in rows], .5):6.1f}")
    lines.append(f"CPU in requests: {total_cpu:.1f} s; requests per server/worker: "
                 + ", ".join(f"{pid}: {n}" for pid, n in sorted(workers.items())))
    log = folder / "nginx.log"
    if log.exists():
        front: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
        minutes: dict[int, list[float]] = collections.defaultdict(list)
        servers: dict[str, list[tuple[float, float]]] = collections.defaultdict(list)
        first = None
        for line in log.read_text().splitlines():
            when, method, path, _status, took, upstream, addr = line.split("\t")
            if path == "/healthz":
                continue
            first = first if first is not None else float(when)
            waited = float(upstream) if upstream not in ("-", "") and "," not in upstream else float(took)
            front[_route(method, path)].append((float(took) * 1000, waited * 1000))
            minutes[int((float(when) - first) // 60)].append(float(took) * 1000)
            servers[addr].append((float(took) * 1000, waited * 1000))
        lines += ["", "in front of the app servers (nginx; ms)",
                  f"{'route':58} {'n':>6} {'took50':>6} {'took95':>6} {'wait95':>6}"]
        for route, rows in sorted(front.items(), key=lambda item: -len(item[1])):
            lines.append(f"{route[:58]:58} {len(rows):6d} {_pct([r[0] for r in rows], .5):6.1f} "
                         f"{_pct([r[0] for r in rows], .95):6.1f} {_pct([r[1] for r in rows], .95):6.1f}")
        lines.append("per server: " + "; ".join(
            f"{addr}: n {len(rows)} took50 {_pct([r[0] for r in rows], .5):.0f} took95 {_pct([r[0] for r in rows], .95):.0f}"
            f" took99 {_pct([r[0] for r in rows], .99):.0f}" for addr, rows in sorted(servers.items())))
        lines.append("per minute (all requests): " + "; ".join(
            f"{minute}: n {len(took)} p95 {_pct(took, .95):.0f}" for minute, took in sorted(minutes.items())))
    return lines


if __name__ == "__main__":
    print("\n".join(report(sys.argv[1])))
