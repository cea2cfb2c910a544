"""Gunicorn settings for hosts that scrape metrics from several worker processes:

    gunicorn -c python:greentech.gunicorn_conf greentech.wsgi:application

With PROMETHEUS_MULTIPROC_DIR set (a folder of this host, emptied here at start), the worker
processes share their request metrics through it, and a dead worker's gauges are dropped.
Other options (bind, workers) come from the command line or GUNICORN_CMD_ARGS.
"""

import os
import shutil
from pathlib import Path

# Behind the proxy: its X-Forwarded-* headers are trusted from any address of the private
# network the containers share (gunicorn's default trusts 127.0.0.1 only).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        Path(folder).mkdir(parents=True, exist_ok=True)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
