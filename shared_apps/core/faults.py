"""Named fault points for the fault tests: the process dies right there, as a power cut or an
OOM kill would. Off unless DOORSTEP_FAULT_POINT names the point (the setting reads the environment;
empty in every deployment). `name:N` dies at the N-th pass in this process instead of the first,
to die in the middle of a batch. The points, and what each proves, are listed in docs/decisions.md."""
from __future__ import annotations

import os
import sys

from django.conf import settings

_passes: dict[str, int] = {}


def fault_point(name: str) -> None:
    """Exit this process at once (no cleanup, no commit, no answer) when the setting names `name`."""
    configured = getattr(settings, "DOORSTEP_FAULT_POINT", "")
    if not configured:
        return
    point, _, nth = configured.partition(":")
    if point != name:
        return
    _passes[name] = _passes.get(name, 0) + 1
    if _passes[name] >= int(nth or 1):
        sys.stderr.write(f"fault point {name} reached: exiting (pid {os.getpid()})\n")
        sys.stderr.flush()
        os._exit(1)
