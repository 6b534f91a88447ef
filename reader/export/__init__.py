"""Writers for analyses: Markdown today."""
