"""From passages to an answer: sentence evidence, the extractive answerer, declining, follow-up questions and
timelines."""
