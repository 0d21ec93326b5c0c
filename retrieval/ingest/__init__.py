"""From files to articles to passages: loading, cleaning, dating, sentence-aware chunking, and the order in
which an ingest writes."""
