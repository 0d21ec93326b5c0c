"""Front ends over the `retrieval` library: command line, REPL and Telegram."""
