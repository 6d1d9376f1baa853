"""gunicorn settings used by `make run`, the benchmark and deployments.

Serving browsers directly (`make run`, one facility's server), threaded workers keep a browser's
connection alive between clicks. Behind nginx (the README's deployment), KARYA_WORKER_CLASS=sync:
nginx opens a new connection for each request, and only a worker with nothing to do takes one from
the kernel, so a request never waits behind another while a worker of the same server is free. A
threaded worker with one thread keeps accepting while its thread is busy: measured in one lab run,
two servers side by side under the same load (``bench/bench_lab.py --postgresql --trace ...
--compare KARYA_WORKER_CLASS=sync``), the sync server answered p95 71 ms and p99 135 ms, the
threaded one 123 and 234 ms, its two workers taking 7,859 and 5,688 requests (sync: 6,796 and
6,750). The worker count follows the CPU count and can be set with KARYA_WORKERS.

The app is loaded once, before the workers are forked, and its templates compiled then
(``training.app.warm_up``): every worker starts ready, instead of each compiling its first pages
while the first class of the day signs in. Nothing connects to the database before the fork.
"""
import multiprocessing
import os

workers = int(os.environ.get("KARYA_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = os.environ.get("KARYA_WORKER_CLASS", "gthread")
threads = int(os.environ.get("KARYA_THREADS", 1))
# A browser's idle connection stays open this long. Longer than the time a learner reads a page
# before the next click: a connection closed by the server just as the browser sends a form on it
# fails that request (the lab bench saw one such failed answer in 5,000), and most clicks reuse a
# connection instead of opening a new one. An idle connection costs a gthread worker no thread.
keepalive = 30
timeout = 60
graceful_timeout = 20
accesslog = os.environ.get("KARYA_ACCESS_LOG") or None
errorlog = "-"
preload_app = True


def when_ready(server):
    app = server.app.wsgi()
    if getattr(app, "import_name", None) == "training.app":  # not bench/reference_app.py
        import gc

        from training.app import warm_up

        warm_up(app)
        # What the app holds after loading and warming up (about 190,000 objects: modules, compiled
        # templates, catalogues) lives as long as the worker. Frozen before the fork, a full garbage
        # collection in a worker no longer walks it (such a pass took 80-120 ms, a stall for every
        # request waiting on that worker), and the shared pages stay shared.
        gc.freeze()
