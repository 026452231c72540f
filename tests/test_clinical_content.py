"""Clinical content that a December 2026 review found missing or wrong (issue 21, part B).

Each row names a page, the section (heading id) the words belong in, words that must be there
and words that must not. The rows are the review's finding ids, so a later edit that drops a
danger sign, or brings back an overstated claim, fails here with the finding it undoes.
Words are matched in the built HTML, as a reader sees them, case-insensitively.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

# finding id: (page, section id or None for the whole article, must have, must not have)
FINDINGS: dict[str, tuple[str, str | None, list[str], list[str]]] = {
    "CH-1 febrile fit danger signs": (
        "children.html", "febrile-seizures",
        ["even if the fit has stopped", "under 6 months", "rash that does not fade",
         "blue around the lips", "hard to wake", "drowsy an hour after"], []),
    "CH-2 infantile spasms, as the cited charity says": (
        "children.html", "infantile-spasms", ["medical emergency", "children's doctor"], []),
    "CH-3 baby jerks that are not sleep jerks": (
        "children.html", "babies", ["fully awake", "first fit is an emergency"], []),
    "CH-4 sudden movements in a child (NICE NG127)": (
        "children.html", "tics", ["appear suddenly", "straight away"], []),
    "CH-5 retired report said so": (
        "children.html", "caffeine-and-supplements", ["retired that report in 2021"], []),
    "CH-6 JME: sleep and driving": (
        "children.html", "teenagers", ["tell the DVLA"], []),
    "CH-7 fever medicines do not prevent fits": (
        "children.html", "febrile-seizures", ["may not stop another fit", "sponge"], []),
    "P-3 'In short' gives each pre-eclampsia sign on its own": (
        "pregnancy.html", None, ["(any one of these)"], ["blurred vision with swelling"]),
    "P-6 restless legs and carpal tunnel in pregnancy": (
        "pregnancy.html", "restless-legs", ["iron", "carpal tunnel"], []),
    "P-7 a fit after the birth is an emergency too": (
        "pregnancy.html", "pre-eclampsia", ["in the weeks after birth, is an emergency"], []),
    "P-8 plain words for pooled and certainty": (
        "pregnancy.html", "magnesium", [], ["pooled", "certainty"]),
    "P-9 coughing up blood with a clot": (
        "pregnancy.html", "blood-clot", ["coughing up blood"], []),
    "item 5: who writes the pages and who answers for them": (
        "about/editorial-policy.html", "who-writes",
        ["volunteers", "responsible for what is published", "none of its checks so far"], []),
    "item 5: how each source was read": (
        "about/editorial-policy.html", "how-sources-are-checked",
        ["the original", "only part of it", "an older copy", "a copy published by someone else"],
        []),
    "item 5: how a report is handled, and how fast": (
        "about/editorial-policy.html", "report-a-problem",
        ["within 3 days", "within 7 days", "within 14 days"], []),
    "item 5: the About page says who we are and claims no review": (
        "about/index.html", "who-we-are", ["volunteers", "no clinician has checked"],
        ["reviewed by a clinician on"]),
    "P1 autonomic dysreflexia first aid": (
        "types/spasticity.html", "safety",
        ["sit up", "loosen", "bladder is draining", "may have autonomic dysreflexia"], []),
    "P2 baclofen pump": (
        "types/spasticity.html", "safety", ["baclofen pump", "alarm", "refill"], []),
    "P4 the twitching study does not cover stiffness with twitching": (
        "types/spasticity.html", "different-from-twitching",
        ["does not speak to twitching that comes with new stiffness"], ["normal nerve tests were"]),
    "P5 spinal cord pressure in someone who has had cancer": (
        "types/spasticity.html", "safety", ["pressure on the spinal cord"], []),
    "A1 no claim that twitching adds no risk": (
        "twitching-and-als.html", None, ["cannot rule out a very small extra risk"],
        ["does not meaningfully raise"]),
    "A2/F1 the place of a twitch, as the sources say": (
        "twitching-and-als.html", None, [], ["no safer or more worrying"]),
    "F1 fasciculations page": (
        "types/fasciculations.html", None, ["tells doctors little on its own"],
        ["does not tell harmless from serious"]),
    "C-1 the case-report caveat on causes": (
        "causes.html", None, ["single cases have been reported"], []),
    "C-3 thyroid claim matches its source": (
        "causes.html", "thyroid", [], ["a lot of twitching"]),
    "C-4 low calcium after neck surgery": (
        "causes.html", "calcium", ["neck surgery", "team that did the operation"], []),
    "OC-4 FND figure is for functional symptoms as a whole": (
        "other-causes.html", "functional", ["functional symptoms as a whole"], []),
    "E1 the NICE eyelid rule is for one eyelid on its own": (
        "types/eyelid-twitching.html", "what-changes-the-advice",
        ["one eyelid on its own", "hemifacial spasm"], ["only in two cases"]),
    "Q5 no 'no date after which you are safe'": (
        "faq.html", None, [], ["no date after which"]),
    "H1 no driving after lost awareness": (
        "types/hypnic-jerks.html", None, ["lost awareness, do not drive"], []),
    "HA-2 the stepped guidance is for generalised anxiety": (
        "health-anxiety.html", None, ["for generalised anxiety that lasts"], []),
    "W-1 the checklist asks what a GP asks first": (
        "what-to-tell-your-doctor.html", "daily-life",
        ["energy drinks", "alcohol", "sleeping", "pregnant", "thyroid", "neck surgery"], []),
    "M-2 pyridostigmine with new weakness or breathing trouble": (
        "medicines.html", None, ["new or worse weakness, or trouble swallowing or breathing"], []),
    "M-7 what each medicine is for": (
        "medicines.html", None, ["(for myasthenia)", "(for dementia)", "(for asthma or copd)"], []),
    "Q7 FAQ: jerks after a new medicine, and with fever": (
        "faq.html", "could-it-be-my-medicine",
        ["after a new medicine or a higher dose", "fever and agitation"], []),
}


def section_text(site: Path, page: str, section: str | None) -> str:
    """The words of one section: from its heading to the next heading of the same or a higher level."""
    soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
    body = soup.select_one("article")
    if section is None:
        return " ".join(body.get_text(" ").split())
    heading = body.find(id=section)
    assert heading is not None, f"{page} has no section #{section}"
    level = heading.name
    parts = [heading.get_text(" ")]
    for sibling in heading.find_next_siblings():
        if sibling.name and sibling.name[0] == "h" and sibling.name <= level:
            break
        parts.append(sibling.get_text(" "))
    return " ".join(" ".join(parts).split())


@pytest.mark.parametrize("finding", list(FINDINGS))
def test_reviewed_finding_stays_fixed(site, finding):
    page, section, must, must_not = FINDINGS[finding]
    text = section_text(site, page, section).lower().replace("\u2019", "'")
    missing = [words for words in must if words.lower() not in text]
    still_there = [words for words in must_not if words.lower() in text]
    assert not missing, f"{finding}: {page}#{section} lacks {missing}"
    assert not still_there, f"{finding}: {page}#{section} still says {still_there}"
