# METADATA
# title: Model access rules
# description: |
#   The one rule set behind both entrypoints: the single check (llmgw.authz.decision) and
#   the listing (llmgw.authz.allowed_models) both ask `denials` about a principal and a
#   model, so a listed model is always callable and a callable, visible model is always
#   listed. The rules, in the order their reasons appear:
#   1. the settings and the input must be well formed (settings_invalid, input_invalid);
#   2. the organisation block list beats every grant (model_blocked, provider_blocked);
#   3. the key's grants must cover the model (key_model_access_denied);
#   4. when the key belongs to a team, the team's grants must cover it too
#      (team_model_access_denied);
#   5. for a call (not a listing), the endpoint rules must let the key and its team use the
#      operation (key_endpoint_denied, team_endpoint_denied).
# custom:
#   codes:
#     - settings_invalid
#     - input_invalid
#     - model_blocked
#     - provider_blocked
#     - key_model_access_denied
#     - team_model_access_denied
#     - key_endpoint_denied
#     - team_endpoint_denied
package llmgw.access

import data.llmgw.blocklist
import data.llmgw.endpoints
import data.llmgw.grants
import data.llmgw.validation

# METADATA
# title: Denials
# description: |
#   Every reason to deny `principal` calling `model`, as [{code, message}] in the rule
#   order above; empty means allowed. Always defined. When the settings or the input are
#   malformed, only the faults are reported: the other rules cannot be judged on them.
#   Messages name the model exactly as the client requested it, never the resolved
#   upstream name, and a grant denial lists what the key (or team) may access.
# custom:
#   codes:
#     - settings_invalid
#     - input_invalid
#     - model_blocked
#     - provider_blocked
#     - key_model_access_denied
#     - team_model_access_denied
denials(principal, model) := faults if {
	# The common, well-formed case is one conjunction; fault lists are built only otherwise.
	not _well_formed(principal, model)
	faults := _faults(principal, model)
	faults != []
} else := array.concat(
	blocklist.reasons(model, object.get(_settings, "block_list", {})),
	array.concat(_key_denials(principal, model), _team_denials(principal, model)),
)

default _settings := null

_settings := data.llmgw.settings

_well_formed(principal, model) if {
	_settings_well_formed
	validation.input_well_formed(principal, model)
}

# A rule, so that the settings are checked once per evaluation, not once per candidate
# deployment of each model judged.
_settings_well_formed if validation.settings_well_formed(_settings)

# METADATA
# title: Call denials
# description: |
#   Every reason to deny `principal` calling `model` for `operation`: those of `denials`,
#   then the endpoint rules' (key_endpoint_denied, team_endpoint_denied; see
#   llmgw.endpoints), which a listing does not ask. When the settings or the input are
#   malformed, only the faults.
# custom:
#   codes:
#     - settings_invalid
#     - input_invalid
#     - model_blocked
#     - provider_blocked
#     - key_model_access_denied
#     - team_model_access_denied
#     - key_endpoint_denied
#     - team_endpoint_denied
call_denials(principal, model, operation) := array.concat(
	denials(principal, model),
	endpoint_denials(principal, model, operation),
)

# METADATA
# title: Endpoint denials
# description: |
#   The endpoint rules' reasons to deny `principal` calling `model` for `operation`
#   (key_endpoint_denied, team_endpoint_denied); empty when the settings or the input are
#   malformed, which `denials` reports. The call entrypoint adds them to the reasons of the
#   candidate deployments (llmgw.routing).
# custom:
#   codes:
#     - key_endpoint_denied
#     - team_endpoint_denied
endpoint_denials(principal, model, operation) := [] if {
	not _well_formed(principal, model)
} else := endpoints.reasons(principal, model, operation, object.get(_settings, "endpoint_rules", {}))

_alias_boundary := object.get(_settings, "alias_boundary", false)

# A rule, not part of the function below, so that it is worked out once per evaluation
# rather than once per model of a listing.
_settings_faults := [_reason("settings_invalid", "malformed policy settings (data.llmgw.settings): ", fault) |
	some fault in validation.settings_faults(_settings)
]

_faults(principal, model) := array.concat(
	_settings_faults,
	[_reason("input_invalid", "malformed policy input: ", fault) |
		some fault in array.concat(validation.principal_faults(principal), validation.model_faults(model))
	],
)

_key_denials(principal, model) := [] if {
	grants.covers(principal.key_models, model, _alias_boundary)
} else := [_reason(
	"key_model_access_denied",
	"key not allowed to access model. This key can only access models=",
	concat("", [_names(principal.key_models), ". Tried to access ", model.requested]),
)]

_team_denials(principal, model) := [] if {
	principal.team_id == ""
} else := [] if {
	grants.covers(principal.team_models, model, _alias_boundary)
} else := [_reason(
	"team_model_access_denied",
	"team not allowed to access model. This team can only access models=",
	concat("", [_names(principal.team_models), ". Tried to access ", model.requested]),
)]

_reason(code, text, detail) := {"code": code, "message": concat("", [text, detail])}

# ["a", "b"], built with concat: the wasm SDK's sprintf formats lists differently from
# opa's, and the messages must be the same wherever the policy is evaluated.
_names(names) := concat("", ["[", concat(", ", [concat("", ["\"", name, "\""]) | some name in names]), "]"])
