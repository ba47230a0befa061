"""The glossary page: every entry has an id of its own, and each event kind says what
`stack/events.py` says of it."""

from __future__ import annotations

import html
import re

from dashboard.glossary import ANCHORS
from dashboard.glossary import TERMS
from dashboard.glossary import event_terms
from stack.events import kind_summaries


def test_no_two_entries_share_an_id():
    terms = [term for group in TERMS.values() for term in group] + event_terms()
    assert len(ANCHORS) == len(terms)


def test_each_event_kind_is_explained_in_its_payloads_words(dashboard):
    page = dashboard.get("/glossary")[2]
    for kind, when in kind_summaries().items():
        entry = page.split(f'id="{kind.replace(".", "-")}">', 1)[1].split("</div>", 1)[0]
        text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", entry)).split())
        assert text == f"{kind} {when[0].upper()}{when[1:]}"
