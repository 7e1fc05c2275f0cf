"""Answers + clause library → document: assembly, advice checks, provenance, and demand (the B.1 model
applied to an answer file)."""
