"""The shop's blueprints, listed once for ``create_app`` to register."""
from training.storefront.views_class_market import bp as class_market_bp
from training.storefront.views_practice import bp as practice_bp
from training.storefront.views_products import bp as shop_bp
from training.storefront.views_settings import bp as settings_bp

BLUEPRINTS = (shop_bp, practice_bp, class_market_bp, settings_bp)
