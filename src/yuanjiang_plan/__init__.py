"""yuanjiang-plan: indicator tracking for government implementation plans, backed by git."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("yuanjiang-plan")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"
