"""The index: Chroma (client factory, passage and sentence-vector store) and the BM25 index kept in step with
it, embeddings, file locks and atomic writes for the data folder."""
