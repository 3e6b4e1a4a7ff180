# METADATA
# title: Output-token caps
# description: |
#   Caps on the output tokens a call may ask for, from data.llmgw.settings.token_caps:
#   [{"match": {...}, "max_output_tokens": 1024}]. Off when the list is empty or absent.
#   A cap is an obligation, not a deny: the gateway sets the request's limit to the
#   smaller of the cap and what the client asked, in the field the endpoint uses. When
#   several entries match, the smallest cap wins.
package llmgw.tokens

import data.llmgw.selectors

# METADATA
# title: Cap
# description: The smallest max_output_tokens of the entries matching `principal`; undefined when none does.
cap(principal, caps) := min(matching) if {
	matching := [c.max_output_tokens |
		some c in caps
		selectors.matches(principal, object.get(c, "match", {}))
	]
	count(matching) > 0
}

# METADATA
# title: Configured cap
# description: The cap the settings' token_caps give `principal`; undefined when none.
configured_cap(principal) := cap(principal, selectors.setting("token_caps", []))

# METADATA
# title: Settings faults
# description: What is wrong with token_caps; empty when well formed.
settings_faults(caps) := ["token_caps must be an array"] if {
	not is_array(caps)
} else := [concat("", ["token_caps[", format_int(i, 10), "]", fault]) |
	some i, c in caps
	some fault in _entry_faults(c)
]

_entry_faults(c) := [" must be an object"] if {
	not is_object(c)
} else := array.concat(
	selectors.faults(".match", object.get(c, "match", {})),
	[".max_output_tokens must be a whole number of at least 1" | not _positive_int(object.get(c, "max_output_tokens", null))],
)

_positive_int(n) if {
	is_number(n)
	n >= 1
	floor(n) == n
}
