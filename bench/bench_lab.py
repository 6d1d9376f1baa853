"""Benchmark: a computer lab at work, with Locust (bench/locustfile.py), and a per-page table.

SQLite (the default): one app server as `make run` serves it, 40 learners and 10 staff.
PostgreSQL (--postgresql): two app servers behind one address (nginx, round robin; sync workers, as
the README's deployment runs them behind nginx), 400 learners and 10 staff. Users start 2 a second
(a class of 40 within 20 s), and never slower than all of them within two minutes (400 learners:
ten classes sitting down one after another); learners think 5-15 s between tasks and between the
pages of a quiz. Prints, for every step of the scenario (bench/lab_steps.py) in
its order: requests, failures, median, p95 and p99 in ms, and whether the issue's targets hold
(0 errors, p95 < 150 ms for every page). A step that never ran is listed with 0 requests and
misses the target; Locust's failure reasons follow the table.

Run: .venv/bin/python bench/bench_lab.py [--minutes 10] [--postgresql] [--learners N] [--staff N] [--trace DIR]
(``--trace`` times every request inside the app servers and in front of them, and prints where the
time went after the table: bench/lab_trace.py.)
(Locust comes with the bench extra: `make bench` installs it.)
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lab_steps import STEPS  # noqa: E402
from lab_trace import NGINX_FORMAT, report  # noqa: E402
from serving import BIN, ROOT, ensure_tool, free_port, prepare_instance, serve, wait_until_up  # noqa: E402

NGINX = """
worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 2048; }}
http {{
  {access_log}
  client_body_temp_path {prefix}/body;
  proxy_temp_path {prefix}/proxy;
  fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi;
  scgi_temp_path {prefix}/scgi;
  # As the README's deployment runs it: each request on a new upstream connection to a server of
  # sync workers, so the kernel hands it to a worker that is free (see gunicorn.conf.py).
  upstream karya {{ {servers} }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://karya;
      proxy_set_header Host $host;
    }}
  }}
}}
"""


@contextlib.contextmanager
def balancer(backends: list[str], trace: Path | None = None):
    """nginx on a free loopback port, spreading requests over ``backends`` round robin (and logging
    each request's timing into ``trace``, see bench/lab_trace.py)."""
    nginx = ensure_tool("nginx")
    prefix = Path(tempfile.mkdtemp(prefix="karya-nginx-"))
    port = free_port()
    servers = " ".join(f"server {b.removeprefix('http://')};" for b in backends)
    access_log = f"{NGINX_FORMAT} access_log {trace / 'nginx.log'} trace;" if trace else "access_log off;"
    (prefix / "nginx.conf").write_text(NGINX.format(prefix=prefix, servers=servers, port=port, access_log=access_log))
    process = subprocess.Popen([nginx, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"])
    try:
        wait_until_up(f"http://127.0.0.1:{port}/healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(prefix, ignore_errors=True)


def fresh_postgres(url: str) -> None:
    """Drop and create the benchmark's own PostgreSQL database (never the test suite's)."""
    from sqlalchemy import create_engine, text

    base, name = url.rsplit("/", 1)
    engine = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()


@contextlib.contextmanager
def autovacuum_stand_in(url: str):
    """Yield whether the bench stands in for autovacuum: a deployment's PostgreSQL analyzes and
    vacuums its tables as they change (autovacuum is on by default), so its planner knows that the
    caseload holds 400 learners and not none. A server running without it (this project's CI
    machine does) gets ``VACUUM (ANALYZE)`` of the bench's database once when the run starts and
    then once a minute, as autovacuum would; one with it is left alone."""
    import threading

    from sqlalchemy import create_engine

    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        running = conn.exec_driver_sql("SHOW autovacuum").scalar() == "on"
    if running:
        engine.dispose()
        yield False
        return
    stop = threading.Event()

    def keep_current():
        while True:
            with engine.connect() as conn:
                conn.exec_driver_sql("VACUUM (ANALYZE)")
            if stop.wait(60):
                return

    worker = threading.Thread(target=keep_current, daemon=True)
    worker.start()
    try:
        yield True
    finally:
        stop.set()
        worker.join(timeout=120)
        engine.dispose()


def table(stats_csv: Path, failures_csv: Path) -> tuple[list[str], bool]:
    """The per-step lines (every step of the scenario, in its order, with its request count), the
    failure reasons, a line per step that never ran, and whether every step ran and met the targets."""
    with stats_csv.open() as handle:
        rows = {(row["Type"], row["Name"]): row for row in csv.DictReader(handle) if row["Name"] != "Aggregated"}
    lines = [f"{'step':58} {'requests':>9} {'failures':>9} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}  target"]
    ok = True
    expected = list(STEPS.values())
    for method, name in expected + [key for key in rows if key not in expected]:
        label = f"{method} {name}"
        row = rows.get((method, name))
        if row is None:
            lines.append(f"{label:58} {0:9d} {'':>9} {'':>7} {'':>7} {'':>7}  NOT RUN")
            ok = False
            continue
        failures, p95 = int(row["Failure Count"]), float(row["95%"])
        met = failures == 0 and p95 < 150
        ok &= met
        lines.append(f"{label:58} {int(row['Request Count']):9d} {failures:9d} {float(row['50%']):7.0f} "
                     f"{p95:7.0f} {float(row['99%']):7.0f}  {'met' if met else 'MISSED'}")
    if failures_csv.exists():
        with failures_csv.open() as handle:
            for row in csv.DictReader(handle):
                lines.append(f"failure x{row['Occurrences']}: {row['Method']} {row['Name']}: {row['Error'][:160]}")
    for key, (method, name) in STEPS.items():
        if (method, name) not in rows:
            lines.append(f"expected but 0 requests: {key} ({method} {name})")
    return lines, ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--postgresql", action="store_true", help="two app servers on PostgreSQL")
    parser.add_argument("--database-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/karya_bench")
    parser.add_argument("--learners", type=int)
    parser.add_argument("--staff", type=int, default=10)
    parser.add_argument("--compare", action="append", default=[], metavar="NAME=VALUE",
                        help="with --postgresql: run the second app server with this environment setting (e.g. "
                        "KARYA_WORKER_CLASS=sync), to compare two settings under the same load in one run; "
                        "--trace prints each server's figures")
    parser.add_argument("--trace", type=Path, help="time every request inside and in front of the app "
                        "servers into this folder and print where the time went (bench/lab_trace.py)")
    args = parser.parse_args()
    if args.compare and not args.postgresql:
        parser.error("--compare needs --postgresql: only then are there two app servers to compare")
    if any("=" not in setting for setting in args.compare):
        parser.error("--compare takes NAME=VALUE, for example KARYA_WORKER_CLASS=sync")
    learners = args.learners or (400 if args.postgresql else 40)
    url = None
    if args.postgresql:
        url = args.database_url
        fresh_postgres(url)
    instance, env, _password = prepare_instance(url, learners=learners, staff=args.staff)
    out = Path(instance) / "locust"
    standing_in = False
    try:
        with contextlib.ExitStack() as stack:
            if url:
                standing_in = stack.enter_context(autovacuum_stand_in(url))
            servers = 2 if args.postgresql else 1
            # Two app servers share this machine's cores: each gets the workers one server would
            # have on half of them (gunicorn.conf.py starts two per core).
            server_env = dict(env, KARYA_WORKERS=str(max(2, 2 * (os.cpu_count() or 2) // servers)))
            if args.postgresql:  # behind nginx, as the README's deployment runs them
                server_env["KARYA_WORKER_CLASS"] = "sync"
            spec = "training.app:create_app()"
            if args.trace:
                args.trace.mkdir(parents=True, exist_ok=True)
                spec = "lab_trace:create_app()"
                server_env.update(KARYA_TRACE_DIR=str(args.trace.resolve()),
                                  PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "bench"), env.get("PYTHONPATH")])))
            variants = [server_env, dict(server_env, **dict(s.split("=", 1) for s in args.compare))]
            backends = [stack.enter_context(serve(spec, variants[number], free_port())) for number in range(servers)]
            host = stack.enter_context(balancer(backends, args.trace and args.trace.resolve())) if servers > 1 else backends[0]
            locust_env = dict(env, KARYA_LAB_WORLD=str(Path(instance) / "lab_world.json"),
                              KARYA_LAB_LEARNERS=str(learners), KARYA_LAB_STAFF=str(args.staff))
            users = learners + args.staff
            # Users start at a class of 40 every 20 s at most (2 a second), and all of them within
            # two minutes: ten classes of a facility sitting down one after another.
            rate = max(2, -(-users // 120))
            run = subprocess.run(
                [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless", "--only-summary",
                 "-u", str(users), "-r", str(rate), "-t", f"{int(args.minutes * 60)}s",
                 "--host", host, "--csv", str(out), "--loglevel", "WARNING"],
                cwd=ROOT, env=locust_env, check=False, capture_output=True, text=True,
            )
            if "Traceback" in run.stderr:
                print(run.stderr[-3000:], file=sys.stderr)
        lines, ok = table(Path(f"{out}_stats.csv"), Path(f"{out}_failures.csv"))
    finally:
        shutil.rmtree(instance, ignore_errors=True)
    where = "PostgreSQL, 2 app servers behind nginx" if args.postgresql else "SQLite, 1 app server"
    if args.compare:
        where += f" (the second with {' '.join(args.compare)}: {backends[1]})"
    if standing_in:
        where += " (the server's autovacuum is off: the bench ran VACUUM (ANALYZE) at the start and once a minute)"
    print(f"lab scenario: {learners} learners + {args.staff} staff, {args.minutes:g} min, {where}, "
          f"{os.cpu_count()} cores, users starting {rate} a second; "
          "targets: 0 failures and p95 < 150 ms on every page")
    print("\n".join(lines))
    print("all targets met" if ok else "some targets MISSED")
    if args.trace:
        print("\nwhere the time went (--trace " + str(args.trace) + ")")
        print("\n".join(report(args.trace)))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
