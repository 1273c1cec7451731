"""``python -m components.curate``: the curation helper (components.cli.curate)."""

import sys

from components.cli.curate import main

if __name__ == "__main__":
    sys.exit(main())
