"""Simplified Chinese: date inputs accept 2026-12-03, 2026/12/03 and 2026年12月3日.

Django's own list writes the last as "%Y年%n月%j日" (%n is a newline and %j the day of the year in
strptime), so it never matched; and its first format, which also renders a field's value, gave
"2026/12/03", which <input type="date"> refuses. ISO comes first here."""
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y/%m/%d %H:%M", "%Y年%m月%d日 %H:%M", "%Y年%m月%d日%H:%M",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y/%m/%d %H:%M:%S", "%Y年%m月%d日 %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
]
