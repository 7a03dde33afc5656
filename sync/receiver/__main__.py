"""``python -m sync.receiver``: see ``cli``."""

from .cli import main

raise SystemExit(main())
