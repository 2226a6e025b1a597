"""The Chinese catalogue is complete and its compiled .mo (committed; no gettext at run time) is current."""
import ast
import gettext
import re
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0]) / "zh_Hans" / "LC_MESSAGES"
ENTRY = re.compile(
    r'^(?:msgctxt "(.*)"\n)?msgid "(.*)"\n((?:".*"\n)*)(?:msgid_plural .*\n(?:".*"\n)*)?msgstr(?:\[0\])? "(.*)"\n'
    r'((?:".*"\n)*)',
    re.MULTILINE,
)


def _unquote(first: str, rest: str) -> str:
    return "".join(ast.literal_eval(f'"{part}"') for part in [first, *(line[1:-1] for line in rest.splitlines())])


def _po_entries() -> dict[str, str]:
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    # A message with a context is keyed as gettext keys it: context, EOT, message.
    entries = {(f"{_unquote(c, '')}\x04" if c else "") + _unquote(h, r): _unquote(sh, sr)
               for c, h, r, sh, sr in ENTRY.findall(text)}
    entries.pop("", None)  # the header
    return entries


def test_every_message_has_a_chinese_translation():
    entries = _po_entries()
    assert len(entries) > 100
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in (LOCALE / "django.po").read_text(encoding="utf-8")


def test_the_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as fh:
        catalog = gettext.GNUTranslations(fh)._catalog
    compiled = {(key[0] if isinstance(key, tuple) else key): value for key, value in catalog.items() if key}
    assert compiled == _po_entries()
