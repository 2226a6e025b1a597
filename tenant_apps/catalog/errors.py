"""Error codes of the catalog and of quotes."""
from enum import StrEnum


class CatalogError(StrEnum):
    CATEGORY_IN_USE = "category_in_use"
    LAST_VARIANT = "last_variant"
    CATALOG_NOT_EMPTY = "catalog_not_empty"
    QUOTE_EXPIRED = "quote_expired"
    QUOTE_INVALID = "quote_invalid"
    QUOTE_CHANGED = "quote_changed"
