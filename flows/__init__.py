"""Prefect flows of docpipe: they only wire Prefect tasks around ``pipeline`` functions.

``flows.batch``: the staged batch flow behind ``docpipe run``.
"""
