"""What runs the pipeline over files: batch, diff, explain, fingerprint, review."""
