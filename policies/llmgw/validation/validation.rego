# METADATA
# title: Input and settings validation
# description: |
#   Shape checks for everything the access rules read: the principal and model in the
#   input, and the organisation settings in data.llmgw.settings. Each fault is one
#   sentence naming the attribute; the access rules turn faults into `input_invalid` or
#   `settings_invalid` denials, so a gateway or bundle bug shows up as a named deny and can
#   never fall through to an allow. Attributes no rule reads (key_id, user_id, metadata,
#   deployment, tags, operation, request) are described by policies/schema/input.json
#   but not checked here.
# custom:
#   codes:
#     - input_invalid
#     - settings_invalid
package llmgw.validation

import data.llmgw.headers
import data.llmgw.media
import data.llmgw.ratelimits
import data.llmgw.residency
import data.llmgw.tokens
import data.llmgw.tools

# METADATA
# title: Principal faults
# description: |
#   What is wrong with `principal`, in a fixed order; empty when it is well formed:
#   an object whose team_id is a string and whose key_models and team_models are arrays
#   of strings.
principal_faults(principal) := ["principal must be an object"] if {
	not is_object(principal)
} else := [fault |
	some [fault, ok] in [
		["principal.team_id must be a string", is_string(object.get(principal, "team_id", null))],
		["principal.key_models must be an array of strings", _strings(object.get(principal, "key_models", null))],
		["principal.team_models must be an array of strings", _strings(object.get(principal, "team_models", null))],
	]
	not ok
]

# METADATA
# title: Model faults
# description: |
#   What is wrong with `model`, in a fixed order; empty when it is well formed: an object
#   whose requested name is a non-empty string, resolved and provider are strings (empty
#   allowed), access_groups is an array of strings and hidden is a boolean.
model_faults(model) := ["model must be an object"] if {
	not is_object(model)
} else := [fault |
	some [fault, ok] in [
		["model.requested must be a non-empty string", _non_empty_string(object.get(model, "requested", null))],
		["model.resolved must be a string", is_string(object.get(model, "resolved", null))],
		["model.provider must be a string", is_string(object.get(model, "provider", null))],
		["model.access_groups must be an array of strings", _strings(object.get(model, "access_groups", null))],
		["model.hidden must be a boolean", is_boolean(object.get(model, "hidden", null))],
	]
	not ok
]

# METADATA
# title: Settings faults
# description: |
#   What is wrong with the organisation settings, in a fixed order; empty when they are
#   well formed. Missing keys take their defaults (alias_boundary false, empty block
#   lists, no endpoint rules); a key of the wrong type, or a key the rules do not know (a typo would
#   otherwise be ignored silently), is a fault.
settings_faults(settings) := ["settings must be an object"] if {
	not is_object(settings)
} else := array.concat(
	array.concat(_unknown_settings(settings), [fault |
		some [fault, ok] in [
			["alias_boundary must be true or false", is_boolean(object.get(settings, "alias_boundary", false))],
			[
				"block_list must be an object holding models and providers, arrays of strings",
				_block_list(object.get(settings, "block_list", {})),
			],
			[
				"endpoint_rules must be an object holding keys and teams, objects of arrays of strings",
				_endpoint_rules(object.get(settings, "endpoint_rules", {})),
			],
		]
		not ok
	]),
	_module_faults(settings),
)

# The settings of the optional modules, each checked by its module; empty when all are
# well formed or absent.
_module_faults(settings) := array.concat(
	array.concat(
		tokens.settings_faults(object.get(settings, "token_caps", [])),
		tools.settings_faults(object.get(settings, "tools_denied", [])),
	),
	array.concat(
		array.concat(
			residency.settings_faults(object.get(settings, "residency", [])),
			ratelimits.settings_faults(object.get(settings, "rate_limits", [])),
		),
		array.concat(
			media.settings_faults(object.get(settings, "image_input", null)),
			headers.settings_faults(object.get(settings, "upstream_headers", [])),
		),
	),
)

# METADATA
# title: Well formed
# description: |
#   True exactly when settings_faults, principal_faults and model_faults are all empty,
#   checked as one conjunction, so that well-formed requests (nearly all of them) never
#   build the fault lists. Undefined otherwise.
well_formed(settings, principal, model) if {
	settings_well_formed(settings)
	input_well_formed(principal, model)
}

# METADATA
# title: Settings well formed
# description: |
#   True exactly when settings_faults(settings) is empty; undefined otherwise. The access
#   rules work it out once per evaluation, in a rule, rather than once per candidate
#   deployment or listed model.
settings_well_formed(settings) if {
	is_object(settings)
	_only_keys(settings, _setting_keys)
	is_boolean(object.get(settings, "alias_boundary", false))
	_block_list(object.get(settings, "block_list", {}))
	_endpoint_rules(object.get(settings, "endpoint_rules", {}))
	_module_faults(settings) == []
}

# METADATA
# title: Input well formed
# description: |
#   True exactly when principal_faults(principal) and model_faults(model) are both empty;
#   undefined otherwise.
input_well_formed(principal, model) if {
	is_string(principal.team_id)
	_strings(principal.key_models)
	_strings(principal.team_models)
	_non_empty_string(model.requested)
	is_string(model.resolved)
	is_string(model.provider)
	_strings(model.access_groups)
	is_boolean(model.hidden)
}

_setting_keys := {
	"alias_boundary", "block_list", "endpoint_rules", "token_caps", "tools_denied", "residency",
	"rate_limits", "image_input", "upstream_headers",
}

# The message is built only when there is an unknown key, and sorted so that it is the same
# wherever the policy is evaluated.
_unknown_settings(settings) := [] if {
	_only_keys(settings, _setting_keys)
} else := [concat("", ["unknown settings: ", concat(", ", sort(object.keys(settings) - _setting_keys))])]

_block_list(block_list) if {
	is_object(block_list)
	_only_keys(block_list, {"models", "providers"})
	_strings(object.get(block_list, "models", []))
	_strings(object.get(block_list, "providers", []))
} else := false

_endpoint_rules(rules) if {
	is_object(rules)
	_only_keys(rules, {"keys", "teams"})
	_lists_by_name(object.get(rules, "keys", {}))
	_lists_by_name(object.get(rules, "teams", {}))
} else := false

_lists_by_name(lists) if {
	is_object(lists)
	every _, list in lists {
		_strings(list)
	}
} else := false

_only_keys(obj, known) if {
	every key, _ in obj {
		key in known
	}
}

# The checks below are total (true or false, never undefined): an undefined check would
# make the whole list of checks undefined and hide every fault.
_strings(value) if {
	is_array(value)
	every item in value {
		is_string(item)
	}
} else := false

_non_empty_string(value) if {
	is_string(value)
	value != ""
} else := false
