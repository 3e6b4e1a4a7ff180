# METADATA
# title: Tool calling
# description: |
#   Callers who may not offer the model tools (function calling), from
#   data.llmgw.settings.tools_denied: [{"match": {...}}]. Off when the list is empty or
#   absent. A call offering one tool or more from a matching caller is denied with
#   `tools_not_allowed`; the same caller may still call without tools.
# custom:
#   codes:
#     - tools_not_allowed
package llmgw.tools

import data.llmgw.selectors

# METADATA
# title: Tool denials
# description: |
#   [tools_not_allowed] when `tool_count` (input.request.params.tool_count) is above 0
#   and an entry of `rules` matches `principal`; empty otherwise.
# custom:
#   codes:
#     - tools_not_allowed
denials(principal, tool_count, rules) := [{
	"code": "tools_not_allowed",
	"message": "tool calling is not allowed for this key; send the request without tools",
}] if {
	is_number(tool_count)
	tool_count > 0
	some rule in rules
	selectors.matches(principal, object.get(rule, "match", {}))
} else := []

# METADATA
# title: Configured denials
# description: The tool denials under the settings' tools_denied.
configured_denials(principal, tool_count) := denials(principal, tool_count, selectors.setting("tools_denied", []))

# METADATA
# title: Settings faults
# description: What is wrong with tools_denied; empty when well formed.
settings_faults(rules) := ["tools_denied must be an array"] if {
	not is_array(rules)
} else := [concat("", ["tools_denied[", format_int(i, 10), "]", fault]) |
	some i, rule in rules
	some fault in _entry_faults(rule)
]

_entry_faults(rule) := [" must be an object"] if {
	not is_object(rule)
} else := selectors.faults(".match", object.get(rule, "match", {}))
