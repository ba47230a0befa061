"""`which` and `inspect` on a composite whose factory is not one of OpenStack's
`pipeline_factory`s, though its name says `pipeline_factory`: nothing is known of the key it
picks, so it is neither refused for lacking OpenStack's default key nor said to build it."""

from __future__ import annotations

import pytest

from tests.conftest import cli_lines
from tests.conftest import which_lines
from tests.conftest import write_ini

#: A composite keyed as OpenStack's are, by a factory of the user's own.
CUSTOM = """\
[composite:main]
use = {factory}
{keys}

[filter:auth]
paste.filter_factory = mymod:auth

[app:app]
paste.app_factory = mymod:app
"""
#: What `which` says of where an unknown composite goes on.
UNKNOWN = ("the first listed; Pastescope cannot know which one its factory picks: that is up to "
           "the factory's code")


@pytest.mark.parametrize("factory", ["call:mymod:my_pipeline_factory",
                                     "egg:foo#pipeline_factory"])
def test_a_factory_named_like_a_pipeline_factory_is_not_refused_for_lacking_keystone(
        tmp_path, factory):
    """Taken for OpenStack's, `noauth` alone was refused: "OpenStack's default
    `auth_strategy` (keystone…) names none of its alternatives", the stack said not to load."""
    path = write_ini(tmp_path, CUSTOM.format(factory=factory, keys="noauth = app"))
    assert which_lines(path, "GET", "/")[:2] == [
        "GET / would go: the composite `main` → the app `app`.",
        "The composite `main` names one section, by its key `noauth`, and that is followed.",
    ]
    assert not [line for line in cli_lines("inspect", path) if "✗" in line]


def test_which_says_it_cannot_know_the_key_an_unknown_factory_picks(tmp_path):
    """Taken for OpenStack's, `keystone` was said to be followed as "OpenStack's default
    `auth_strategy`", which this factory need not read at all."""
    path = write_ini(tmp_path, CUSTOM.format(factory="call:mymod:my_pipeline_factory",
                                             keys="noauth = app\nkeystone = auth app"))
    assert which_lines(path, "GET", "/")[:2] == [
        "GET / would go: the composite `main` → the app `app`.",
        f"The composite `main` offers 2 alternatives; `noauth` is followed ({UNKNOWN}); the "
        "others: `keystone`.",
    ]


@pytest.mark.parametrize("factory", [
    "call:nova.api.auth:pipeline_factory_v21",
    "call:cinder.api.middleware.auth:pipeline_factory",
    "CALL:designate.api.middleware:auth_pipeline_factory",
    "call:masakari.api.auth:pipeline_factory_v1",
    "call:cinder.api.auth:pipeline_factory",
    "call:manila.api.auth:pipeline_factory",
    "call:guts.api.middleware.auth:pipeline_factory",
])
def test_openstacks_pipeline_factories_build_the_key_auth_strategy_names(tmp_path, factory):
    path = write_ini(tmp_path, CUSTOM.format(factory=factory,
                                             keys="noauth = app\nkeystone = auth app"))
    assert which_lines(path, "GET", "/")[1] == (
        "The composite `main` offers 2 alternatives; `keystone` is followed (OpenStack's "
        "default `auth_strategy`: the composite sets none, a service's config may); the "
        "others: `noauth`.")
