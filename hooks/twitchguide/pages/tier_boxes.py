"""Red flags as tier boxes: the one way every page shows when to get help."""
from __future__ import annotations

from ..data.model import TIERS_MOST_URGENT_FIRST, Guide, RedFlag
from .markup import admonition, md_text, relative_link


def tier_title(guide: Guide, tier: str) -> str:
    """The box title, tier named in words (never by colour alone): 'Urgent: get medical help…'."""
    return f"{guide.tiers[tier].label}: {guide.tiers[tier].heading}"


def tier_box(guide: Guide, tier: str, flags: tuple[RedFlag, ...], route: str | None = None,
             contact: str | None = None) -> str:
    """`route`: the checker route whose reader sees the box (a parent reads the signs about
    their child); pages outside the checker show each sign's own text. `contact`: the result
    whose title and action the box takes instead of the tier's (see `contact` in the data)."""
    items = "\n".join(f"- {md_text(flag.text_for(route) or flag.text)}" for flag in flags)
    if contact is None:
        title, action = tier_title(guide, tier), guide.tiers[tier].action
    else:
        outcome = guide.checker.outcomes[contact]
        title = f"{guide.tiers[tier].label}: {outcome.title[:1].lower()}{outcome.title[1:]} if you have"
        action = outcome.action or guide.tiers[tier].action
    body = f"{items}\n\n{md_text(action)}"
    return admonition(f"tier-{tier}", title, body)


def red_flag_boxes(guide: Guide, flags: tuple[RedFlag, ...], route: str | None = None) -> str:
    """One box per tier that has flags, most urgent first; within a tier, signs with a
    `contact` get a box of their own after the tier's."""
    boxes = []
    for tier in TIERS_MOST_URGENT_FIRST:
        in_tier = [flag for flag in flags if flag.tier == tier]
        for contact in sorted({flag.contact for flag in in_tier}, key=lambda c: (c is not None, c or "")):
            boxes.append(tier_box(guide, tier, tuple(f for f in in_tier if f.contact == contact),
                                  route, contact))
    return "\n".join(boxes)


def when_to_get_help(guide: Guide, page: str) -> str:
    """The section appended to every reader page: the page's red flags, and where to go next."""
    checker = relative_link(page, "check/index.md")
    doctor = relative_link(page, "when-to-see-a-doctor.md")
    return (
        "## When to get help {#when-to-get-help data-search-exclude}\n\n"
        f"{red_flag_boxes(guide, guide.flags_for_page(page))}\n"
        f"Not sure? Answer a few questions in the [symptom checker]({checker}), or read "
        f"[when to see a doctor]({doctor}).\n{{: .mtg-online-only }}\n"   # links do not work on paper
    )
