"""How long a stack's stop may take, for the tests that stop one as its app loads and those that
stop it before, as it imports."""

from __future__ import annotations

#: How long a stop while the app loads may take, from the signal to the process's end.
STOPPED_LOADING_WITHIN = 2.0
