"""The showroom's blueprints, listed once for ``create_app`` to register."""
from training.showroom import views_catalogue, views_report  # noqa: F401  (routes on the showroom blueprint)
from training.showroom.views_learner import bp as realsales_bp
from training.showroom.views_public import bp as catalogue_bp
from training.showroom.views_sales import bp as showroom_bp

BLUEPRINTS = (showroom_bp, catalogue_bp, realsales_bp)
