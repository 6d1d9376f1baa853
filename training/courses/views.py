"""The course blueprints, gathered for the app factory."""
from training.courses import views_home  # noqa: F401  (the learner's home joins learn_bp)
from training.courses.views_learner import bp as learn_bp
from training.courses.views_quiz import bp as quiz_bp
from training.courses.views_staff import bp as staff_bp
from training.courses.views_staff import files as files_bp

BLUEPRINTS = (learn_bp, quiz_bp, staff_bp, files_bp)
