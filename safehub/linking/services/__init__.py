"""Linking's writes that the worker runs, one module per subject: `runs` (a link run:
train, score, cluster, write the assignment), `run_state` (one run at a time, its stage
and heartbeat) and `checkpoints` (scored pairs on disk, for resuming). Reviewers'
decisions are `safehub.linking.decisions`, beside `tasks`, because a decision queues the
next run (as ingest's `uploads` queues an import)."""
