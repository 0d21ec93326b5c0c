"""The command line: `isnad ingest | ask | chat | sources | timeline | eval | telegram`, the REPL, and the
terminal and JSON renderers."""
