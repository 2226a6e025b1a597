"""Scheduling's actions, one module per workflow: placing a hold (placing), a hold's life after that
(holds), what orders do with their visits' rows (visits), the settings (configuration); records
holds what each of them writes beside the rows (commitments, hold history).

The names below are the app's service surface for other apps (orders, storefront) and tests, so
they import `tenant_apps.scheduling.services` without knowing the split; inside the app, import
from the module."""
from .configuration import update_scheduling_settings
from .holds import confirm_hold, extend_hold, purge_expired_holds, release_hold
from .placing import HoldRequest, PlacedHold, SlotTaken, place_hold
from .visits import Visit, book_worker, book_workers, release_assignments

__all__ = [
    "HoldRequest", "PlacedHold", "SlotTaken", "Visit", "book_worker", "book_workers", "confirm_hold", "extend_hold",
    "place_hold", "purge_expired_holds", "release_assignments", "release_hold", "update_scheduling_settings",
]
