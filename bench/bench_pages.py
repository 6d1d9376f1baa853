"""Benchmark: each page a learner uses most, side by side with a bare Flask page, in one run.

Starts the app as `make run` serves it (gunicorn with gunicorn.conf.py, SQLite, courses imported,
demo loaded) and a reference bare Flask app (bench/reference_app.py) on the same gunicorn settings,
signs in as a demo learner, and drives each page and the reference with wrk in alternation, so both
see the same machine at the same moment. Prints requests/s, p50 and p95 for each and the ratios.

Targets (issue 11): every page at >= 40% of the reference's throughput and its p95 within 3 times
the reference's p95.

Each page is driven with the cookie a browser holds after opening that page, as when a learner
(or a class of 40) reloads or opens it again: the page a worker keeps (training/page_cache.py)
answers. The same pages are also driven on a third server started with ``KARYA_PAGE_CACHE=0``,
where every request is rendered by its view: what the first opening of a page costs.
``--no-rendered`` leaves that server out.

Run: .venv/bin/python bench/bench_pages.py [--seconds 10] [--rounds 3] [--connections 40] [--no-rendered]
"""
from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serving import DEMO_LEARNER, ROOT, Session, free_port, prepare_instance, serve, wrk  # noqa: E402


def learner_pages(session: Session) -> dict[str, str]:
    """Find the URLs of the learner's home, a lesson, a quiz question and the shop's decision page."""
    _, home = session.get("/belajar")
    pages = {"beranda (home)": "/belajar"}
    lesson = re.search(r'href="(/belajar/kursus/[^/"]+/[^/"]+)"', home)
    if not lesson:
        _, course_page = session.get(re.search(r'href="(/belajar/kursus/[^/"]+)"', home).group(1))
        lesson = re.search(r'href="(/belajar/kursus/[^/"]+/[^/"]+)"', course_page)
    pages["pelajaran (lesson)"] = lesson.group(1)
    quiz_url, quiz_page = session.get(lesson.group(1) + "/kuis")
    if "/soal/" not in quiz_url:
        quiz_url, _ = session.post(lesson.group(1) + "/kuis", {}, page=quiz_page)
    pages["soal kuis (quiz question)"] = quiz_url.removeprefix(session.base)
    # The decision page of an open season: start a fresh one (the demo's own season has ended).
    _, form = session.get("/toko/latihan/baru")
    products = [re.search(r'value="(\d+)"', tag).group(1)
                for tag in re.findall(r'<input[^>]*name="products"[^>]*>', form)]
    url, _ = session.post("/toko/latihan/baru", {"weeks": "8", "products": products}, page=form)
    season_url = url.removeprefix(session.base)
    if not re.fullmatch(r"/toko/latihan/\d+", season_url):
        raise RuntimeError(f"starting a practice season landed on {season_url}")
    pages["keputusan toko (shop decisions)"] = season_url
    return pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=40)
    parser.add_argument("--no-rendered", action="store_true", help="skip the server without kept pages")
    args = parser.parse_args()

    instance, env, password = prepare_instance()
    rendered_env = dict(env, KARYA_PAGE_CACHE="0")
    try:
        with contextlib.ExitStack() as servers:
            app_base = servers.enter_context(serve("training.app:create_app()", env, free_port()))
            ref_base = servers.enter_context(serve("reference_app:create_app()", env, free_port(), cwd=ROOT / "bench"))
            plain_base = None if args.no_rendered else servers.enter_context(
                serve("training.app:create_app()", rendered_env, free_port()))
            session = Session(app_base)
            session.sign_in(DEMO_LEARNER, password)
            pages = learner_pages(session)
            cookies = {}
            for name, path in pages.items():  # the cookie the browser holds once the page is open
                session.get(path)
                cookies[name] = session.cookie_header()
            runs: dict[str, list[dict]] = {name: [] for name in pages}
            plain: dict[str, list[dict]] = {name: [] for name in pages}
            reference: list[dict] = []
            for name, path in pages.items():  # warm every worker's caches once
                wrk(app_base + path, seconds=2, connections=args.connections, cookie=cookies[name])
            wrk(ref_base + "/", seconds=2, connections=args.connections)
            for _ in range(args.rounds):
                for name, path in pages.items():
                    reference.append(wrk(ref_base + "/", seconds=args.seconds, connections=args.connections))
                    session.get(path)  # a browser sends the cookie its last page set, not one from minutes ago
                    cookies[name] = session.cookie_header()
                    runs[name].append(wrk(app_base + path, seconds=args.seconds, connections=args.connections,
                                          cookie=cookies[name]))
                    if plain_base:
                        plain[name].append(wrk(plain_base + path, seconds=args.seconds,
                                               connections=args.connections, cookie=cookies[name]))
    finally:
        shutil.rmtree(instance, ignore_errors=True)

    def median(results: list[dict], key: str) -> float:
        return statistics.median(r[key] for r in results)

    ref_rps, ref_p50, ref_p95 = median(reference, "rps"), median(reference, "p50"), median(reference, "p95")
    print(f"{args.connections} connections, {args.rounds} rounds of {args.seconds} s each, medians; "
          "gunicorn as `make run` serves it, SQLite")
    print(f"{'page':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'x ref req/s':>12} {'x ref p95':>10}  targets")
    print(f"{'reference: bare Flask + template':34} {ref_rps:8.1f} {ref_p50:8.1f} {ref_p95:8.1f} {'1.00':>12} {'1.00':>10}")
    failures = 0
    for name, results in runs.items():
        rps, p50, p95 = median(results, "rps"), median(results, "p50"), median(results, "p95")
        bad = sum(r["non2xx"] + r["errors"] for r in results)
        met = rps >= 0.4 * ref_rps and p95 <= 3 * ref_p95
        verdict = "met" if met else "MISSED (>= 0.40 and <= 3.00)"
        print(f"{name:34} {rps:8.1f} {p50:8.1f} {p95:8.1f} {rps / ref_rps:12.2f} {p95 / ref_p95:10.2f}  {verdict}"
              + (f"  [{bad} errors or non-2xx]" if bad else ""))
        failures += bad
    if not args.no_rendered:
        print("Rendered by the view on every request (KARYA_PAGE_CACHE=0): what opening a page the first time costs")
        for name, results in plain.items():
            rps, p50, p95 = median(results, "rps"), median(results, "p50"), median(results, "p95")
            bad = sum(r["non2xx"] + r["errors"] for r in results)
            print(f"{name:34} {rps:8.1f} {p50:8.1f} {p95:8.1f} {rps / ref_rps:12.2f} {p95 / ref_p95:10.2f}"
                  + (f"  [{bad} errors or non-2xx]" if bad else ""))
            failures += bad
    print(f"pages: {', '.join(f'{k} = {v}' for k, v in pages.items())}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
