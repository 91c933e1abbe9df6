"""`python -m yuanjiang_plan` runs the `plan` command."""

from .program import main

main()
