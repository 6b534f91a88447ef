"""Language-model backends behind one small contract (see :mod:`reader.llm.backend`)."""
