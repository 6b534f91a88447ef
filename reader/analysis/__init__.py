"""The model stage: grounded section summaries, an overview and stance notes for an analysed
article (:func:`reader.analysis.runner.run_report`), with the answer cache and the grounding check."""
