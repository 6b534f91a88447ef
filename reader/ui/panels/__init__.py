"""Side panels: each shows part of an :class:`~reader.analysis.Analysis` and asks the reading view
to highlight spans; none of them talks to the model."""
