# METADATA
# title: Who a setting applies to
# description: |
#   The `match` object every per-caller setting carries (token caps, tool bans, residency,
#   rate limits): {"teams": [team id], "keys": [key id], "key_metadata": {label: value},
#   "team_metadata": {label: value}}. Every condition given must hold; a condition left
#   out holds for everyone, so an empty match applies to every caller.
package llmgw.selectors

# METADATA
# title: Matches
# description: True when `principal` meets every condition of `match`; false otherwise.
matches(principal, match) if {
	_listed(principal.team_id, object.get(match, "teams", null))
	_listed(principal.key_id, object.get(match, "keys", null))
	_labelled(object.get(principal, "metadata", {}), object.get(match, "key_metadata", {}))
	_labelled(object.get(principal, "team_metadata", {}), object.get(match, "team_metadata", {}))
} else := false

# METADATA
# title: Match faults
# description: What is wrong with a `match` object at `path`; empty when it is well formed.
faults(path, match) := [concat("", [path, " must be an object"])] if {
	not is_object(match)
} else := [concat("", [path, ".", key, " is not teams, keys, key_metadata or team_metadata"]) |
	some key, _ in match
	not key in {"teams", "keys", "key_metadata", "team_metadata"}
]

# METADATA
# title: Setting
# description: |
#   data.llmgw.settings[key], or `fallback` when it is absent or the settings are not an
#   object (the access rules report malformed settings). `subject` is the principal or
#   model being judged, which ties the lookup to the request: the bundle build (-O=1)
#   treats the bundle's data.json as known and would otherwise freeze the settings it was
#   built with into the compiled rules, so settings loaded with the bundle at run time
#   (or replaced in tests) would be ignored.
setting(subject, key, fallback) := object.get(data.llmgw.settings, key, fallback) if {
	subject == subject
	is_object(data.llmgw.settings)
} else := fallback

_listed(_, null) := true

_listed(value, names) if value in names

_labelled(have, want) if {
	every label, value in want {
		have[label] == value
	}
}
