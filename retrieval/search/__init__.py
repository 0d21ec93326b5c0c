"""Hybrid search: dense and BM25 candidates fused, reranked by their closest sentence; the index as a
LangChain retriever."""
