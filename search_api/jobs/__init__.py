"""Ingestion jobs: uploads read in the background, in worker processes that can always be
stopped, with their progress on disk so that they survive a restart.

`JobStore` keeps the jobs, `JobRunner` runs them through the `Curator`, `WorkerReader` is
the curator's reader (one process per PDF, a deadline per page and per document, a memory
ceiling), and `InboxWatcher` turns PDFs dropped into a folder into jobs. `Leadership` elects
the one worker process of a data folder that runs all of that (`kaynak serve --workers N`).
"""

from __future__ import annotations

from search_api.jobs.inbox import InboxWatcher
from search_api.jobs.leader import LEADER_FILE, Election, Leadership, leader_record
from search_api.jobs.runner import JobRunner
from search_api.jobs.store import FINISHED, Job, JobError, JobProgress, JobStore, new_job_id
from search_api.jobs.sweeper import LeftoverSweeper
from search_api.jobs.worker import WorkerLimits, WorkerReader

__all__ = [
    "FINISHED",
    "LEADER_FILE",
    "Election",
    "InboxWatcher",
    "Job",
    "JobError",
    "JobProgress",
    "JobRunner",
    "JobStore",
    "Leadership",
    "LeftoverSweeper",
    "WorkerLimits",
    "WorkerReader",
    "leader_record",
    "new_job_id",
]
