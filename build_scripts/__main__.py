"""``python -m build_scripts``: see :mod:`build_scripts.cli`."""

import sys

from .cli import main

sys.exit(main())
