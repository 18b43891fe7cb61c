"""`python -m advisor COMMAND ...` is `advisor COMMAND ...`."""

import sys

from advisor.cli import main

sys.exit(main())
