"""docpipe: United Nations documents (PDF or text, six languages) to structured JSON.

Stages, each with one public entry point:
``ingest.ingest`` → ``language.detect_language`` → ``segment.segment`` → ``extract.extract`` →
``emit.build_output`` / ``emit.write_output``.  ``process.process_file`` runs them all.
This package never imports Prefect; ``flows/`` wires these stages into Prefect tasks.
"""

__version__ = "0.1.0"
