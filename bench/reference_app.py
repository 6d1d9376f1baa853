"""The reference for the page benchmarks: a bare Flask app rendering a small template.

It does what every page must at least do (route, render a Jinja template file, answer) and nothing
else, so the ratio of a Karya Mandiri page to it says how much our own work costs, on any machine.
"""
from flask import Flask, render_template


def create_app() -> Flask:
    """A Flask app with two routes: the page and /healthz, as the benchmark expects."""
    app = Flask(__name__)
    items = [{"name": f"Pelajaran {n}", "done": n % 4, "total": 4} for n in range(1, 11)]

    @app.route("/")
    def page():
        return render_template("reference.html", title="Tugas saya", items=items)

    @app.route("/healthz")
    def health():
        return "ok"

    return app
