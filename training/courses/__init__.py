"""Courses: content import, lessons, quizzes, grading.

The pure modules here (numbers, questions, gift, content, render) import no Flask and no
SQLAlchemy, so the importer and the graders can be tested and run without the app.
"""
