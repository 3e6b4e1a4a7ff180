package llmgw.authz

import data.llmgw.routing

# METADATA
# title: Allowed models
# description: |
#   The models of input.models the principal may see in a listing such as /v1/models: the
#   requested name of each model that has a candidate deployment the principal may be
#   routed to (exactly what `decision` would allow for a call without tools or images)
#   and that is not hidden, in input order, each name once. Hidden aliases are
#   callable when granted but never listed. When the catalog holds a name more than once
#   it is listed, at its first position, only if every entry for it is listable. Always
#   defined: an empty array when nothing is allowed or the input is malformed.
# entrypoint: true
allowed_models := [name |
	some i, model in _catalog
	name := model.requested
	not name in _unlisted
	_first(i, name)
]

default _catalog := []

_catalog := input.models if is_array(input.models)

_unlisted contains model.requested if {
	some model in _catalog
	not _listable(model)
}

_listable(model) if {
	routing.configured_denials(_principal, model) == []
	model.hidden == false
}

# The catalog normally names each model once; only when it does not is a name's first
# position looked up. Rules, not functions, hold what is computed once per evaluation.
_requested := [_name(model) | some model in _catalog]

_name(model) := name if {
	name := model.requested
} else := null

_names_unique if count({name | some name in _requested}) == count(_requested)

_first(_, _) if _names_unique

_first(i, name) if {
	not _names_unique
	not name in array.slice(_requested, 0, i)
}
