"""The instructor workspace's blueprints (and the learner's grade page), gathered for the app factory."""
from training.teaching.views_attendance import bp as attendance_bp
from training.teaching.views_gradebook import bp as gradebook_bp
from training.teaching.views_grading import bp as grading_bp
from training.teaching.views_grading import mine as my_grades_bp
from training.teaching.views_instructor import bp as teach_bp

BLUEPRINTS = (teach_bp, attendance_bp, grading_bp, gradebook_bp, my_grades_bp)
