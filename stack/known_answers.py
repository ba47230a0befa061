"""What a well-known filter does with one request (`stack.known_filters`, `stack.known_auth`):
it answers it itself (`Answer`), or passes it on as its words say (`Known`), read from its
project's code by the factory an ini names; `which` says it (`stack.resolve_handed.Handed.known`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Answer:
    """A filter answering the request itself: the status, why in words (a stop's `reason`),
    and, where the story's line says more than `answers N itself: WHY` after the filter's
    name, that (`told`), without a full stop."""

    status: int
    words: str
    told: str | None = None

    @property
    def said(self) -> str:
        """What the filter does, as a story's line says it after the filter's name."""
        return self.told or f"answers {self.status} itself: {self.words}"


@dataclass(frozen=True)
class Known:
    """What a known filter does with one request, read once: it answers it (`answer`), or it
    passes it on as `words` say (ending without a full stop), reading its headers;
    `tokenless`: it would answer `held_status` (401) for want of a token header, which the
    walk supposes given to go on."""

    answer: Answer | None = None
    words: str | None = None
    tokenless: bool = False
    #: Of a `tokenless` one, the status it answers a request with no token with: an auth
    #: filter's 401, a noauth filter's 204 (`known_auth.NOAUTH_FAKE_TOKEN`).
    held_status: int = 401
    #: Of a `tokenless` one, what may yet keep it from answering 401, said after the line
    #: that holds the walk there (`Resolution.held`): what its story hedges with, in short;
    #: of a `denied_status` one, what may yet keep the app from answering that.
    unless: str = ""
    #: Of a `tokenless` one, what the request lacks, said after "as" (`Resolution.held`'s
    #: `lacking`): no token header, or one given empty, which it reads as none; of a
    #: `denied_status` one, that and who decides, said after "as" too.
    lacking: str = ""
    #: Of one that passes the request on, the status the app after it answers the request as
    #: asked with at its say (`Resolution.denied`): swift's tempauth leaves a request with no
    #: token of its own to its `authorize`, which the proxy asks before it answers: 401.
    denied_status: int | None = None
    #: Of one that passes the request on, given a token it checks, which the walk cannot
    #: judge: the status it answers itself to one that is not valid (`Resolution.checked`):
    #: keystonemiddleware's auth_token to one keystone does not find valid, swift's tempauth to
    #: a token of its own prefix it did not issue, glance's context filter to one the delaying
    #: auth_token before it did not confirm.
    refuses_status: int | None = None
    #: Of a `refuses_status` one, the tokens it refuses, said after "to" (`a token it did not
    #: issue`), and those it lets past, said after "with" (`a token it issued`).
    refused: str = ""
    passed: str = ""
    #: Of keystonemiddleware's auth_token with `delay_auth_decision` true: it passes a request
    #: without a valid token on marked `X-Identity-Status: Invalid`, for a filter after it to
    #: refuse (`known_filters.Asked.unconfirmed`: glance's context filter).
    marks_unconfirmed: bool = False

    @property
    def any_token(self) -> bool:
        """Of a `tokenless` one, whether any token lets the request past it, not only a valid
        one: the one answering 204 is a noauth filter, which checks none."""
        return self.held_status == 204
