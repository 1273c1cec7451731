"""``python -m components.export``: the batch export (components.cli.export)."""

import sys

from components.cli.export import main

if __name__ == "__main__":
    sys.exit(main())
