"""``python -m openkyb.cli``."""

from openkyb.cli import main

main()
