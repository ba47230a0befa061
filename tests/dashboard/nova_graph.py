"""nova-api-paste.ini's `osapi_compute` as a contract graph written by hand (DESIGN.md "Graph
JSON"): the real shape the diagram's tests draw most, five prefixes, composites of
alternatives, lanes of filters."""

from __future__ import annotations

from tests.dashboard.diagram_checks import make_graph


def _v2(auth: list[str], limit: bool = True) -> list[str]:
    filters = ["filter:compute_req_id", "filter:faultwrap", "filter:sizelimit", *auth]
    return [*filters, *(["filter:ratelimit"] if limit else []), "app:osapi_compute_app_v2"]


def _v21(auth: list[str], app: str) -> list[str]:
    return ["filter:request_id", "filter:faultwrap", "filter:sizelimit", *auth, app]


KEYSTONE = ["filter:authtoken", "filter:keystonecontext"]

#: nova-api-paste.ini's `osapi_compute`: five prefixes, two of them to one composite.
NOVA_GRAPH = make_graph("composite:osapi_compute", {
    "composite:osapi_compute": [
        ("/", "pipeline:oscomputeversions"),
        ("/v1.1", "composite:openstack_compute_api_v2"),
        ("/v2", "composite:openstack_compute_api_v2"),
        ("/v2.1", "composite:openstack_compute_api_v21"),
        ("/v3", "composite:openstack_compute_api_v3"),
    ],
    "pipeline:oscomputeversions": ["filter:faultwrap", "app:oscomputeversionapp"],
    "composite:openstack_compute_api_v2": [
        ("noauth", "pipeline:openstack_compute_api_v2[noauth]"),
        ("keystone", "pipeline:openstack_compute_api_v2[keystone]"),
        ("keystone_nolimit", "pipeline:openstack_compute_api_v2[keystone_nolimit]"),
    ],
    "pipeline:openstack_compute_api_v2[noauth]": _v2(["filter:noauth"]),
    "pipeline:openstack_compute_api_v2[keystone]": _v2(KEYSTONE),
    "pipeline:openstack_compute_api_v2[keystone_nolimit]": _v2(KEYSTONE, limit=False),
    "composite:openstack_compute_api_v21": [
        ("noauth", "pipeline:openstack_compute_api_v21[noauth]"),
        ("keystone", "pipeline:openstack_compute_api_v21[keystone]"),
    ],
    "pipeline:openstack_compute_api_v21[noauth]": _v21(["filter:noauth"], "app:api_v21"),
    "pipeline:openstack_compute_api_v21[keystone]": _v21(KEYSTONE, "app:api_v21"),
    "composite:openstack_compute_api_v3": [
        ("noauth", "pipeline:openstack_compute_api_v3[noauth]"),
        ("keystone", "pipeline:openstack_compute_api_v3[keystone]"),
    ],
    "pipeline:openstack_compute_api_v3[noauth]": _v21(["filter:noauth_v3"], "app:api_v3"),
    "pipeline:openstack_compute_api_v3[keystone]": _v21(KEYSTONE, "app:api_v3"),
})
