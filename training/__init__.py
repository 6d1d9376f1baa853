"""Karya Mandiri: a learning platform for running a small business.

This file holds only a docstring, so that importing ``training.simulator`` never loads Flask.
"""
