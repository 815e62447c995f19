"""The names of the files docpipe keeps in an output folder beside the documents' JSON.

In: nothing. Out: the names. Holds: every module that writes or reads one of these files takes
its name from here; this module imports nothing, so that the command line can look at an output
folder (has a run left its state there?) before it loads the rest of the program.
"""

from __future__ import annotations

STATE_NAME = "_state.json"  # pipeline.runs.state: what each input was when last processed
SUMMARY_NAME = "_run_summary.json"  # pipeline.runs.summary: the last run's summary
LOCK_NAME = ".docpipe.lock"  # pipeline.runs.lock: one run at a time per output folder
INDEX_NAME = "_index.json"  # pipeline.corpus: the corpus views
INDEX_LINES_NAME = "_index.jsonl"
CITATIONS_NAME = "_citations.json"
MANIFEST_NAME = "_tables.json"  # pipeline.export: the exported tables
