"""gunicorn settings used by `make run`, the benchmark and deployments.

Threaded workers keep connections alive and let one worker wait on the database while another
request runs; the worker count follows the CPU count and can be set with KARYA_WORKERS.
"""
import multiprocessing
import os

workers = int(os.environ.get("KARYA_WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "gthread"
threads = int(os.environ.get("KARYA_THREADS", 1))
keepalive = 5
timeout = 60
graceful_timeout = 20
accesslog = os.environ.get("KARYA_ACCESS_LOG") or None
errorlog = "-"
