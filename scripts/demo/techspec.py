"""The shape of one hand-written technology in the demo catalogue."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Tech:
    """A technology as written by hand; make_demo.py turns it into a native record."""

    key: str  # stable handle used by the evaluation set and transfers
    agency: list[str]
    category: list[str]
    title: str
    description: str
    keywords: list[str]
    trl: int
    year: int
    cost: float | None
    benefits: str
    requirements: str
    fits: list[str]  # occupation tags of villages it suits ("any" = all)
    title_en: str | None = None
    extra: dict = field(default_factory=dict)


def T(
    key: str,
    agency: str | list[str],
    category: list[str],
    title: str,
    description: str,
    keywords: str,
    trl: int,
    year: int,
    cost: float | None,
    benefits: str,
    requirements: str,
    fits: str,
    en: str | None = None,
    **extra: object,
) -> Tech:
    """Build a Tech from the compact positional form used in the content modules."""
    agencies = [agency] if isinstance(agency, str) else list(agency)
    return Tech(
        key,
        agencies,
        category,
        title,
        description,
        [k for k in keywords.split(";") if k],
        trl,
        year,
        cost,
        benefits,
        requirements,
        fits.split(),
        en,
        dict(extra),
    )
