"""English: a 24-hour clock everywhere, as the slot buttons and the Chinese pages use, so a page never
mixes "2 p.m." with "14:00"."""
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
