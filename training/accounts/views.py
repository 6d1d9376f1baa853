"""The accounts blueprints, listed once for ``create_app`` to register."""
from training.accounts.views_accounts import bp as accounts_bp
from training.accounts.views_admin import bp as admin_bp
from training.accounts.views_auth import bp as auth_bp
from training.accounts.views_home import bp as home_bp
from training.accounts.views_national import bp as national_bp

BLUEPRINTS = (auth_bp, home_bp, admin_bp, accounts_bp, national_bp)
