"""Durations, sizes and slugs as people write them in the configuration file.

Pure functions: a bad value raises `ValueError` with a reason meant for a person; the
parser turns it into a `ConfigError` naming the file and the key.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal

# --- durations ----------------------------------------------------------------

DURATION_HINT = "use e.g. 90s, 10m, 6h, 1d"

# Largest unit first: a duration lists its units in this order, each at most once ("1h30m").
_DURATION_UNITS = {"w": 604800.0, "d": 86400.0, "h": 3600.0, "m": 60.0, "s": 1.0, "ms": 0.001}
# [0-9], not \d: \d would also accept digits of other scripts.
_DURATION_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)(ms|[wdhms])")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")


def parse_duration(value: str | int | float) -> float:
    """Seconds in `value`: "90s", "10m", "6h", "1d", "2w", "1h30m", "500ms", or a number of seconds.

    Raises ValueError for anything else, including negative, infinite and NaN values.
    Zero is returned as 0.0; whether zero is allowed is the caller's business.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ValueError(f"{_show(value)} is not a duration; {DURATION_HINT}")
    if isinstance(value, int | float):
        return _non_negative_seconds(float(value), _show(value))
    text = value.strip()
    if not text:
        raise ValueError(f"an empty string is not a duration; {DURATION_HINT}")
    if _NUMBER.fullmatch(text):
        return float(text)  # a bare number in a string: seconds, like a bare TOML number
    total, pos, last_rank = 0.0, 0, -1
    ranks = list(_DURATION_UNITS)
    while pos < len(text):
        match = _DURATION_PART.match(text, pos)
        if not match:
            raise ValueError(f"{_show(value)} is not a duration; {DURATION_HINT}")
        number, unit = match.groups()
        rank = ranks.index(unit)
        if rank <= last_rank:
            raise ValueError(
                f"{_show(value)} is not a duration: write its units largest first, once each"
            )
        total += float(number) * _DURATION_UNITS[unit]
        pos, last_rank = match.end(), rank
    return total


# Units a duration is written in for people: weeks read worse than days ("1w3d" vs "10d").
_SHOWN_UNITS = (("d", 86400), ("h", 3600), ("m", 60), ("s", 1))


def format_duration(seconds: float) -> str:
    """`seconds` as people write it, the inverse of `parse_duration`: 21600 -> "6h", 5400 ->
    "1h30m", 90 -> "90s", 0.25 -> "250ms".

    Under two minutes a duration that is not whole minutes stays in seconds ("90s", "2.5s"),
    as people say it; from a minute up it is rounded to the second. Raises ValueError for
    negative, infinite and NaN values.
    """
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise ValueError(f"{_show(seconds)} is not a number of seconds")
    seconds = _non_negative_seconds(float(seconds), _show(seconds))
    if seconds == 0:
        return "0s"
    if seconds < 1:
        return f"{round(seconds * 1000, 3):g}ms"
    shown = round(seconds, 3)
    if shown < 60 or (shown < 120 and shown % 60):
        return f"{shown:g}s"
    rest, parts = round(seconds), []
    for unit, size in _SHOWN_UNITS:
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count}{unit}")
    return "".join(parts)


def _show(value: object) -> str:
    """A value as the user wrote it in TOML: strings in double quotes."""
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _non_negative_seconds(seconds: float, shown: str) -> float:
    if math.isnan(seconds) or math.isinf(seconds):
        raise ValueError(f"{shown} is not a duration; {DURATION_HINT}")
    if seconds < 0:
        raise ValueError(f"{shown} is negative; a duration must be zero or more")
    return seconds


# --- sizes --------------------------------------------------------------------

SIZE_HINT = "use e.g. 512KB, 10MB, 1GiB"

# Decimal units are powers of 1000 (as disks and networks count), binary units powers of 1024.
_SIZE_UNITS = {
    "": 1,  # a bare number is bytes
    "b": 1,
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}
_SIZE = re.compile(r"([0-9]+(?:\.[0-9]+)?) ?([a-z]*)")


def parse_size(value: str | int) -> int:
    """Bytes in `value`: "100B", "512KB", "10MB", "1.5MiB", or an integer number of bytes.

    KB, MB and GB are powers of 1000 (10MB = 10,000,000 bytes); KiB, MiB and GiB are powers
    of 1024 (10MiB = 10,485,760 bytes). Units are case-insensitive; a bare number is bytes.
    Raises ValueError for anything else, for negative sizes and for fractions of a byte.
    """
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{_show(value)} is not a size; {SIZE_HINT}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"{value} is negative; a size must be zero or more")
        return value
    match = _SIZE.fullmatch(value.strip().lower())
    if not match or match.group(2) not in _SIZE_UNITS:
        raise ValueError(f"{_show(value)} is not a size; {SIZE_HINT}")
    number, unit = match.groups()
    # Decimal, so that "0.3KB" is exactly 300 bytes rather than 300.00000000000006.
    size = Decimal(number) * _SIZE_UNITS[unit]
    if size != size.to_integral_value():
        raise ValueError(f"{_show(value)} is not a whole number of bytes")
    return int(size)


# --- slugs --------------------------------------------------------------------

# Letters that Unicode decomposition does not reduce to ASCII but that have a usual spelling.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH", "ı": "i"}
)  # fmt: skip
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """An id made from a name: "Zoom Terms of Service" -> "zoom-terms-of-service".

    ASCII letters and digits in lower case, accents folded ("Société" -> "societe"), every
    other run of characters one hyphen, none at either end. May be "" for a name with no
    Latin letters or digits.
    """
    folded = unicodedata.normalize("NFKD", name.translate(_TRANSLITERATE))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", ascii_only).strip("-")
