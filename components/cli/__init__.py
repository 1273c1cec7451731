"""Command-line tools: ``python -m components.curate``, ``components.synthetic`` and ``components.export``."""
