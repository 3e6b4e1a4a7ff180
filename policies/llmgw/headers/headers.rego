# METADATA
# title: Upstream headers
# description: |
#   Headers added to the upstream call of matching callers, from
#   data.llmgw.settings.upstream_headers: [{"match": {...}, "headers": {"x-llmgw-team": "ml"}}].
#   Off when the list is empty or absent. The headers of every matching entry are merged,
#   a later entry's value winning. They become the `upstream_headers` obligation, and the
#   gateway adds only the names its configuration allows (gateway.policy.upstream-headers):
#   a name it does not allow refuses the call, and credentials (authorization, api-key, ...)
#   are refused by the authz-service whatever the settings say.
package llmgw.headers

import data.llmgw.selectors

# METADATA
# title: Headers
# description: The headers `rules` give `principal`; empty when no entry matches.
headers(principal, rules) := object.union_n([object.get(rule, "headers", {}) |
	some rule in rules
	selectors.matches(principal, object.get(rule, "match", {}))
])

# METADATA
# title: Configured headers
# description: The headers the settings' upstream_headers give `principal`.
configured_headers(principal) := headers(principal, selectors.setting("upstream_headers", []))

# METADATA
# title: Settings faults
# description: What is wrong with upstream_headers; empty when well formed.
settings_faults(rules) := ["upstream_headers must be an array"] if {
	not is_array(rules)
} else := [concat("", ["upstream_headers[", format_int(i, 10), "]", fault]) |
	some i, rule in rules
	some fault in _entry_faults(rule)
]

_entry_faults(rule) := [" must be an object"] if {
	not is_object(rule)
} else := array.concat(
	selectors.faults(".match", object.get(rule, "match", {})),
	[".headers must be an object of lower-case header names to strings" |
		not _headers(object.get(rule, "headers", null))
	],
)

_headers(headers) if {
	is_object(headers)
	every name, value in headers {
		regex.match(`^[a-z0-9][a-z0-9-]{0,63}$`, name)
		is_string(value)
	}
}
