"""Courses: content import, lessons, quizzes, and the learner's home ("Tugas saya").

The pure modules here (numbers, questions, gift, content, render) import no Flask and no
SQLAlchemy, so the importer and the graders can be tested and run without the app.
"""
