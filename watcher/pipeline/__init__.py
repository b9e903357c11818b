"""The only place that composes the stages: fetch → normalize → store → diff/detect → notify.

core      the Pipeline: check (fetch → read → decide → record), rebuild; deliver
decide    the watch's state machine, a pure function
page      what a check fetched and read, the boundary of its stages, the record it writes
delivery  the outbox sent, oldest first
analyse   what a new text means: diff, AI-training change, declared dates
suspect   soft failures: pages served with 200 that are not the document
recorder  group commit of check records
workers   the CPU-bound stages in worker processes (worker_process: their side)

Nothing is imported here: worker processes import `analyse` (and `normalize`) without the
database and HTTP layers that `core` needs.
"""
