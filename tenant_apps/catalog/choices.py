"""The catalog's choices, shared by the models and the pure quote engine (no database here)."""
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class PriceModel(TextChoices):
    FIXED = "fixed", _("Fixed price")
    HOURLY = "hourly", _("Per hour")
    PER_UNIT = "per_unit", _("Per unit")
    PER_AREA = "per_area", _("Per square metre")
    BUYBACK = "buyback", _("Buy-back per unit (the company pays)")


class Unit(TextChoices):
    VISIT = "visit", _("visit")
    HOUR = "hour", _("hour")
    SQUARE_METRE = "m2", _("m²")
    ROOM = "room", _("room")
    BATHROOM = "bathroom", _("bathroom")
    APPLIANCE = "appliance", _("appliance")
    ITEM = "item", _("item")
    KILOGRAM = "kg", _("kg")


COUNTED_UNITS = frozenset({Unit.ROOM, Unit.BATHROOM, Unit.APPLIANCE, Unit.ITEM, Unit.KILOGRAM})
UNIT_OF_MODEL = {PriceModel.FIXED: Unit.VISIT, PriceModel.HOURLY: Unit.HOUR, PriceModel.PER_AREA: Unit.SQUARE_METRE}


class AddOnKind(TextChoices):
    TOOLS = "tools", _("Extra tools")
    EXTRA_HANDS = "extra_hands", _("Extra hands")
    MATERIALS = "materials", _("Materials")
    OTHER = "other", _("Other")


class SurchargeKind(TextChoices):
    TIME_OF_DAY = "time_of_day", _("Time of day (e.g. evenings)")
    WEEKDAY = "weekday", _("Days of the week (e.g. weekends)")
    HOLIDAY = "holiday", _("Company holidays")
    URGENCY = "urgency", _("Booked at short notice")
    DISTANCE = "distance", _("Distance from the base")


class ZoneKind(TextChoices):
    RADIUS = "radius", _("Radius around a point")
    POLYGON = "polygon", _("Area drawn on a map")
