"""``python -m components.synthetic``: the synthetic national data set (components.cli.synthetic)."""

import sys

from components.cli.synthetic import main

if __name__ == "__main__":
    sys.exit(main())
