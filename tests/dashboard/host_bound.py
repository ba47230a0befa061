"""A urlmap whose `/v3` is bound to a host (`domain api.example.com`): the ini the tests of a
request to another host serve, by the dashboard's answer and on the live page."""

from __future__ import annotations

INI = ("[composite:main]\nuse = egg:Paste#urlmap\ndomain api.example.com /v3 = v3\n/v2 = v2\n\n"
       "[app:v3]\nuse = call:tests.stack.paste_apps:make_app\n\n"
       "[app:v2]\nuse = call:tests.stack.paste_apps:make_app\n")
