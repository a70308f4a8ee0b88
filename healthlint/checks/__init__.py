"""The checks: one module per check (and ``<name>_fix.py`` for the fixes its rules own), and
``context.py``, what a check gets. The registry that lists them is ``healthlint/core/registry.py``."""
