"""gunicorn settings used by `make run`, the benchmark and deployments.

Threaded workers keep connections alive and let one worker wait on the database while another
request runs; the worker count follows the CPU count and can be set with KARYA_WORKERS.

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
