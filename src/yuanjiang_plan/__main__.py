"""`python -m yuanjiang_plan` runs the `plan` command."""

from .cli import main

main()
