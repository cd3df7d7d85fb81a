"""attribution: track how news articles are republished and whether republishers give credit.

The public API is small: :func:`extract` reads one page and returns an :class:`Extraction`;
:class:`Registry` holds what the tool knows about publishers and their republishing terms.
"""

from attribution.errors import (
    AttributionError,
    BlockedAddress,
    ConfigError,
    DecodeError,
    FetchError,
    FetchTimeout,
    InputError,
    NetworkError,
    RefusedURL,
    RegistryError,
    RobotsDisallowed,
    SiteUnavailable,
    StoreError,
    TooManyRedirects,
)
from attribution.extract import extract
from attribution.models import Credit, Extraction, Original, Publisher
from attribution.registry import Registry, load_registry

__version__ = "0.1.0"

__all__ = [
    "AttributionError",
    "BlockedAddress",
    "ConfigError",
    "Credit",
    "DecodeError",
    "Extraction",
    "FetchError",
    "FetchTimeout",
    "InputError",
    "NetworkError",
    "Original",
    "Publisher",
    "RefusedURL",
    "Registry",
    "RegistryError",
    "RobotsDisallowed",
    "SiteUnavailable",
    "StoreError",
    "TooManyRedirects",
    "__version__",
    "extract",
    "load_registry",
]
