"""Teaching: the instructor's workspace (assignments, attendance, grading, gradebook, class overview).

It reads what learners study from ``training.courses``; courses never import teaching.
"""
