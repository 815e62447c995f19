"""Running the pipeline over many documents: configuration, discovery, worker processes with
time limits, incremental state, retries of file I/O, output placement, run summary and report,
and the benchmark. The stages themselves are in :mod:`pipeline.stages`."""
