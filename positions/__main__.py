"""``python -m positions`` → positions.cli."""

import sys

from positions.cli import main

sys.exit(main())
