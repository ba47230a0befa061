"""`stack.routing.route_table`: each route says whether its controller has its action, when a
router's controllers are known, and only then."""

from __future__ import annotations

import routes

from stack import routing


class Controller:
    def index(self, req):
        return {}

    def _get(self, id):
        return {}


def test_the_compute_demos_table_says_which_actions_its_controllers_lack(compute_routes):
    table = {(row["template"], tuple(row["methods"])): row for row in
             compute_routes["app:compute_app"]}
    assert table["/servers/new", ("GET",)]["has_action"] is False
    assert table["/flavors", ("POST",)]["has_action"] is False
    assert table["/servers/:(id)", ("GET",)]["has_action"] is True
    assert table["/flavors", ("GET",)]["has_action"] is True


def test_a_private_name_is_no_action_and_unknown_controllers_are_not_judged():
    mapper = routes.Mapper()
    mapper.connect("index", "/", controller="c", action="index")
    mapper.connect("private", "/get", controller="c", action="_get")
    mapper.connect("other", "/other", controller="elsewhere", action="index")
    mapper.connect("dynamic", "/{controller}/{action}")
    rows = {row["name"]: row for row in routing.route_table(mapper, {"c": Controller()})}
    assert rows["index"]["has_action"] is True
    assert rows["private"]["has_action"] is False
    assert "has_action" not in rows["other"]  # a controller the router was not given
    assert "has_action" not in rows["dynamic"]  # its action comes from the path


def test_a_mapper_whose_controllers_are_not_known_has_no_verdict():
    mapper = routes.Mapper()
    mapper.connect("index", "/", controller="c", action="index")
    assert "has_action" not in routing.route_table(mapper)[0]
