"""yuanjiang-plan: indicator tracking for government implementation plans, backed by git."""

# The single source of the version (pyproject reads it): importlib.metadata would cost ~50 ms
# of every start-up, half of `plan --version` (issue 7).
__version__ = "0.1.0"
