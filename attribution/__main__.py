"""`python -m attribution` runs the command-line interface."""

from attribution.cli import main

main()
