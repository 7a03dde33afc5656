"""``python -m preflight`` (and a ``.pyz`` built from this package) runs the host agent."""

from preflight.agent import main

raise SystemExit(main())
