"""Entry point: `python bot.py` starts the console chat; `python bot.py COMMAND ...` is `advisor COMMAND ...`."""

import sys

from advisor.cli import main

if __name__ == "__main__":
    sys.exit(main())
