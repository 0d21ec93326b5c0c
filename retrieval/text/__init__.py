"""Text rules, each in one place: Arabic folding and stemming, sentences, numbers, dates, the news glossary,
transliteration of names, and the one analysis of a question (`query.Query`)."""
