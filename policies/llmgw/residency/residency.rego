# METADATA
# title: Data residency
# description: |
#   Callers who may reach only deployments carrying certain catalog tags, from
#   data.llmgw.settings.residency: [{"match": {...}, "tags": ["eu"]}]. Off when the list is
#   empty or absent. A deployment is allowed for a matching caller only when it has one of
#   the entry's tags; the gateway routes only among allowed deployments, and a name none of
#   whose deployments is allowed is denied with `residency_denied`.
# custom:
#   codes:
#     - residency_denied
package llmgw.residency

import data.llmgw.selectors

# METADATA
# title: Residency denials
# description: |
#   [residency_denied] when an entry of `rules` matches `principal` and `deployment` (a
#   model with one deployment's id, provider and tags) has none of its tags; empty otherwise.
# custom:
#   codes:
#     - residency_denied
denials(principal, deployment, rules) := [{
	"code": "residency_denied",
	"message": concat("", [
		"this key may only use deployments tagged ", _names(rule.tags),
		"; no such deployment serves ", deployment.requested,
	]),
}] if {
	some rule in rules
	selectors.matches(principal, object.get(rule, "match", {}))
	not _tagged(deployment, rule.tags)
} else := []

# METADATA
# title: Settings faults
# description: What is wrong with residency; empty when well formed.
settings_faults(rules) := ["residency must be an array"] if {
	not is_array(rules)
} else := [concat("", ["residency[", format_int(i, 10), "]", fault]) |
	some i, rule in rules
	some fault in _entry_faults(rule)
]

_entry_faults(rule) := [" must be an object"] if {
	not is_object(rule)
} else := array.concat(
	selectors.faults(".match", object.get(rule, "match", {})),
	[".tags must be a non-empty array of strings" | not _tags(object.get(rule, "tags", null))],
)

_tags(tags) if {
	is_array(tags)
	count(tags) > 0
	every t in tags {
		is_string(t)
	}
}

_tagged(deployment, tags) if {
	some tag in object.get(deployment, "tags", [])
	tag in tags
}

_names(names) := concat("", ["[", concat(", ", names), "]"])
