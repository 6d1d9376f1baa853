"""Benchmark: CPU per request and queries per request for each learner page, measured in-process.

A loaded machine makes wrk figures jump; the CPU a request costs (``time.process_time`` around the
test client's call) and the number of SQL statements it issues do not. Sets up a scratch
installation as `make run` does (SQLite, courses imported, demo loaded), signs in as the demo
learner with Flask's test client and prints, per page: median and p90 CPU ms per request, SQL
statements per request, and statements issued while the template renders (should be 0), twice:
as the view renders the page (the worker's kept pages emptied before each request), and as a
kept page is served again (training/page_cache.py; "-" for pages that are not kept).

Run: .venv/bin/python bench/profile_pages.py [--requests 200] [--profile PAGE] [--instance DIR]
[--database-url URL]
(``--profile`` prints the top of a cProfile of that page as its view renders it, e.g. ``--profile home``.)
"""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import DEMO_LEARNER, prepare_instance  # noqa: E402


def find_pages(client) -> dict[str, str]:
    """The URLs of each learner page of the demo learner: home, course, lesson, quiz, task, ..."""
    home = client.get("/belajar").get_data(as_text=True)
    course = re.search(r'href="(/belajar/kursus/[^/"]+)"', home).group(1)
    course_page = client.get(course).get_data(as_text=True)
    lessons = re.findall(r'href="(/belajar/kursus/[^/"]+/[^/"]+)"', course_page)
    pages = {"healthz": "/healthz", "home": "/belajar", "course": course, "lesson": lessons[0]}
    start = client.get(lessons[0] + "/kuis", follow_redirects=True)
    question = start.request.path
    if "/soal/" not in question:
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', start.get_data(as_text=True)).group(1)
        question = client.post(lessons[0] + "/kuis", data={"csrf_token": token}, follow_redirects=True).request.path
    pages["quiz question"] = question
    result = client.get("/belajar").get_data(as_text=True)
    finished = re.findall(r'href="(/belajar/kuis/\d+/hasil)"', result)
    if finished:
        pages["quiz result"] = finished[0]
    for url in lessons:
        if client.get(url + "/tugas").status_code == 200:
            pages["task"] = url + "/tugas"
            break
    pages["certificates"] = "/sertifikat-saya/"
    pages["plan"] = "/rencana-saya"
    pages["shop index"] = "/toko/"
    form = client.get("/toko/latihan/baru").get_data(as_text=True)
    products = re.findall(r'<input[^>]*name="products"[^>]*value="(\d+)"', form)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    season = client.post("/toko/latihan/baru", data={"csrf_token": token, "weeks": "8", "products": products})
    if season.status_code == 302:
        pages["shop decisions"] = season.headers["Location"]
    return pages


def measure(app, client, url: str, count: int, rendered: bool) -> dict:
    """CPU ms per request (median, p90), statements per request, statements during rendering, and
    the share of requests a kept page answered. ``rendered``: empty the kept pages before each."""
    from training.page_cache import STORE

    from flask import before_render_template, template_rendered
    from sqlalchemy import event

    from training.extensions import db

    with app.app_context():
        engine = db.engine
    state = {"statements": 0, "rendering": 0, "in_template": False}

    def on_execute(*_args):
        state["statements"] += 1
        if state["in_template"]:
            state["rendering"] += 1

    def before(*_args, **_kwargs):
        state["in_template"] = True

    def after(*_args, **_kwargs):
        state["in_template"] = False

    client.get(url)  # warm the caches a worker keeps
    event.listen(engine, "before_cursor_execute", on_execute)
    before_render_template.connect(before, app)
    template_rendered.connect(after, app)
    times = []
    hits, reads = STORE.hits, STORE.reads
    try:
        for _ in range(count):
            if rendered:
                STORE.clear()
            started = time.process_time()
            response = client.get(url)
            times.append((time.process_time() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code}")
    finally:
        event.remove(engine, "before_cursor_execute", on_execute)
        before_render_template.disconnect(before, app)
        template_rendered.disconnect(after, app)
    times.sort()
    return {"median": statistics.median(times), "p90": times[int(len(times) * 0.9)],
            "queries": (state["statements"] + STORE.reads - reads) / count, "rendering": state["rendering"] / count,
            "kept": (STORE.hits - hits) / count}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", help="print a cProfile of this page (a name from the table)")
    parser.add_argument("--instance", help="reuse (or keep) this scratch installation folder")
    parser.add_argument("--database-url", help="a PostgreSQL database to set up and use instead of SQLite "
                        "(dropped and created afresh), e.g. postgresql+psycopg://postgres@127.0.0.1:5432/karya_bench")
    args = parser.parse_args()
    if args.database_url:
        from bench_lab import fresh_postgres

        fresh_postgres(args.database_url)
        os.environ["KARYA_DATABASE_URL"] = args.database_url
    if args.instance and Path(args.instance, "demo_password").exists() and not args.database_url:
        instance, password = args.instance, Path(args.instance, "demo_password").read_text()
    else:
        instance, _env, password = prepare_instance(args.database_url)
        if args.instance:
            shutil.copytree(instance, args.instance, dirs_exist_ok=True)
            shutil.rmtree(instance, ignore_errors=True)
            instance = args.instance
            Path(instance, "demo_password").write_text(password)
    os.environ["KARYA_INSTANCE_PATH"] = instance
    try:
        from training.app import create_app

        app = create_app()
        client = app.test_client()
        form = client.get("/masuk").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
        client.post("/masuk", data={"login": DEMO_LEARNER, "password": password, "csrf_token": token})
        if client.get("/belajar").status_code != 200:
            raise RuntimeError("sign-in as the demo learner failed")
        pages = find_pages(client)
        print(f"{'':<16}{'rendered by the view':^47}|{'served again (kept page)':^36}")
        print(f"{'page':<16}{'CPU ms p50':>12}{'CPU ms p90':>12}{'queries':>10}{'in template':>13} |"
              f"{'CPU ms p50':>11}{'CPU ms p90':>11}{'queries':>8}{'kept':>6}")
        for name, url in pages.items():
            rendered = measure(app, client, url, args.requests, rendered=True)
            kept = measure(app, client, url, args.requests, rendered=False)
            line = (f"{name:<16}{rendered['median']:>12.2f}{rendered['p90']:>12.2f}"
                    f"{rendered['queries']:>10.1f}{rendered['rendering']:>13.1f} |")
            if kept["kept"]:
                line += f"{kept['median']:>11.2f}{kept['p90']:>11.2f}{kept['queries']:>8.1f}{kept['kept']:>6.0%}"
            else:
                line += f"{'-':>11}{'-':>11}{'-':>8}{'-':>6}"
            print(line)
        if args.profile:  # as the view renders it: a kept page would answer in its place otherwise
            from training.page_cache import STORE

            profiler = cProfile.Profile()
            for _ in range(args.requests):
                STORE.clear()
                profiler.enable()
                client.get(pages[args.profile])
                profiler.disable()
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(45)
            stats.sort_stats("tottime").print_stats(30)
    finally:
        if not args.instance:
            shutil.rmtree(instance, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
