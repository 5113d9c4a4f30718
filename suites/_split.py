"""Cut ``count`` items into contiguous, near-equal parts, exactly as _split.ts beside it does."""
from __future__ import annotations


def check_parts(parts: int) -> None:
    """Raise a one-line ValueError unless ``parts`` is a whole number >= 1."""
    if not isinstance(parts, int) or parts < 1:
        raise ValueError(f"parts must be a whole number >= 1, got {parts}")


def even_ranges(count: int, parts: int) -> list:
    """``min(parts, count)`` half-open ranges ``(start, end)``, longer ones first, covering [0, count)."""
    if not isinstance(count, int) or count < 0:
        raise ValueError(f"item count must be a whole number >= 0, got {count}")
    check_parts(parts)
    n = min(parts, count)
    if n == 0:
        return []
    base, extra = divmod(count, n)
    ranges = []
    start = 0
    for i in range(n):
        end = start + base + (1 if i < extra else 0)
        ranges.append((start, end))
        start = end
    return ranges

