"""Workflow: fixes, the baseline, git changes."""
