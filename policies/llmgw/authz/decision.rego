# METADATA
# title: Model access entrypoints
# description: |
#   What the authz-service evaluates: `decision` for one call (input.model) and
#   `allowed_models` for a listing (input.models). Both hand the principal and each model
#   to llmgw.access.denials, the one rule set, and both are defined for every input: a
#   missing or malformed attribute denies with a reason, it never leaves the answer
#   undefined. The input document is described by policies/schema/input.json.
# schemas:
#   - input: schema.input
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
#     - rules_undefined
package llmgw.authz

import data.llmgw.access

# METADATA
# title: Allow
# description: True only when the rule set finds no reason to deny input.model.
default allow := false

allow if reasons == []

# METADATA
# title: Reasons
# description: |
#   Why input.model is denied, as [{code, message}], in rule order; empty when it is
#   allowed. Should the rule set ever be undefined, a single `rules_undefined` reason.
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
#     - rules_undefined
default reasons := [{"code": "rules_undefined", "message": "the access rules gave no answer for this input"}]

reasons := access.call_denials(_principal, _model, _operation)

# METADATA
# title: HTTP status
# description: 200 when allowed, 403 for every denial (the gateway answers with it).
default http_status := 403

http_status := 200 if allow

# METADATA
# title: Decision
# description: |
#   The document the authz-service evaluates for each call:
#   {"allow": bool, "reasons": [{"code": str, "message": str}], "http_status": int}.
# entrypoint: true
decision := {
	"allow": allow,
	"reasons": reasons,
	"http_status": http_status,
}

default _principal := null

_principal := input.principal

default _model := null

_model := input.model

default _operation := {}

_operation := {"endpoint": input.operation.endpoint}
