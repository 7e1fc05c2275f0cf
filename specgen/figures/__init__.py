"""Figures: bar charts, flow diagrams, the strategy's figures, and the choice of figures for a document."""
