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
# title: Settings
# description: |
#   data.llmgw.settings when it is an object, else {} (the access rules report malformed
#   settings). Read when a request is judged, as every rule reads data: the bundle is
#   built without partial evaluation (opa build -O=0), so no setting is frozen into the
#   compiled rules and a bundle's data can be replaced (in tests, in the golden cases).
default settings := {}

settings := data.llmgw.settings if is_object(data.llmgw.settings)

# METADATA
# title: Setting
# description: settings[key], or `fallback` when it is absent.
setting(key, fallback) := object.get(settings, key, fallback)

_listed(_, null) := true

_listed(value, names) if value in names

_labelled(have, want) if {
	every label, value in want {
		have[label] == value
	}
}
