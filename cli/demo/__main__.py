"""`make demo`: `python -m cli.demo` replays the seed page's day and prints what it made."""

import sys

from cli.demo.day import main

sys.exit(main())
