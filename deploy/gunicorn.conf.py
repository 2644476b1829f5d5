"""gunicorn settings the systemd unit and the deploy test share (command-line flags set the rest)."""

import os
import shutil

from prometheus_client import multiprocess


def on_starting(server: object) -> None:
    """Samples of a previous run's processes would be summed with this run's: start from an empty folder."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def child_exit(server: object, worker: object) -> None:
    """A recycled worker's live gauges leave with it (its counters stay summed)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(worker.pid)  # type: ignore[attr-defined]
