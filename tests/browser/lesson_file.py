"""A teacher's lesson file, as a test's browser picks it in the lessons page's form: for the
tests of loading one, and of what the page says of one it cannot run."""

from __future__ import annotations

#: One step, `GET /`, on the compute demo (`osapi_compute`): loaded as it is, or with a word
#: changed for a lesson the page refuses or cannot run.
TEACHERS_LESSON = b"""\
title = "Versions, twice"
summary = "The root, with and without a trailing question."
stack = "osapi_compute"
start = "python -m stack serve stack/demo/compute.ini --name osapi_compute"

[[step]]
method = "GET"
path = "/"
expect = 200
notice = "Only faultwrap and versionsapp light up."
"""
