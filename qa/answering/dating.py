"""When the cited articles were written, as their dates and the years they give show.

News tells of its own time and before it: an article whose latest year is 2005 cannot say how
many medals were won in 2012, however closely its words match the question. Many corpora carry
no date line (the BBC set is a headline and paragraphs), so the latest year an article gives
stands for its date when its metadata has none.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from qa.index import store
from qa.language.text import YEAR

# An article often names no year of its own time ("this year", "on Sunday") and looks back to
# the last election, Games or World Cup, four years before: the 2005 Berlin festival's report
# names 2003, the 2004 election's names 2000. A question is past its articles only when its
# year is beyond the latest they give by more than this.
GRACE = 4


def latest_year(snapshot: store.Snapshot, doc: str) -> int | None:
    """The article's year by its date, else the latest year its text gives (None: it gives none)."""
    entry = snapshot.documents.get(doc)
    day = entry.meta.day if entry is not None else None
    if day is not None:
        return day.year
    years = [int(y) for p in snapshot.article(doc) for y in YEAR.findall(p.text)]
    return max(years, default=None)


def past_articles(
    snapshot: store.Snapshot, figures: Sequence[str], docs: Iterable[str]
) -> tuple[str, str] | None:
    """(the year asked, the latest the articles reach) when the question's year is past every
    cited article with a year; None when it asks none, or an article may have been written then."""
    asked = [int(f) for f in figures if YEAR.fullmatch(f)]
    if not asked:
        return None  # most questions name no year: no article is read for one
    reached = [y for doc in dict.fromkeys(docs) if (y := latest_year(snapshot, doc)) is not None]
    if not reached:
        return None
    later = [year for year in asked if year > max(reached) + GRACE]
    return (str(later[0]), str(max(reached))) if later else None
