"""Teaching: the instructor's workspace (assignments, attendance, grading, gradebook, class overview).

It reads what learners study from ``training.courses``; courses never import teaching (assigned
work narrows the courses a learner sees through ``courses.services.narrow_visible_courses``,
connected by the app factory). Grading announces ``training.events.task_graded`` and attendance
``attendance_recorded``.
"""
