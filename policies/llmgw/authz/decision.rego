# METADATA
# title: Model access entrypoints
# description: |
#   What the authz-service evaluates: `decision` for one call (input.model) and
#   `allowed_models` for a listing (input.models). Both judge the principal and each model
#   through llmgw.routing (the access rules and residency, per candidate deployment), so a
#   listed model is always callable. A call is then judged on its request (tools, image
#   input), and an allow carries the obligations the settings attach to it (allowed
#   deployments, output-token cap, rate limits). Both entrypoints are defined for every
#   input: a missing or malformed attribute denies with a reason, it never leaves the
#   answer undefined. The input document is described by policies/schema/input.json.
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
#     - residency_denied
#     - tools_not_allowed
#     - image_input_not_allowed
#     - rate_limited
#     - rules_undefined
package llmgw.authz

import data.llmgw.access
import data.llmgw.headers
import data.llmgw.media
import data.llmgw.ratelimits
import data.llmgw.routing
import data.llmgw.tokens
import data.llmgw.tools

# METADATA
# title: Allow
# description: True only when the rule set finds no reason to deny input.model.
default allow := false

allow if reasons == []

# METADATA
# title: Reasons
# description: |
#   Why the call is denied, as [{code, message}], in rule order (model access and
#   deployments, then the request); empty when it is allowed. Should the rule set ever be
#   undefined, a single `rules_undefined` reason.
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
#     - residency_denied
#     - tools_not_allowed
#     - image_input_not_allowed
#     - rules_undefined
default reasons := [{"code": "rules_undefined", "message": "the access rules gave no answer for this input"}]

reasons := array.concat(
	array.concat(
		routing.configured_denials_given(_principal, _model, _allowed),
		access.endpoint_denials(_principal, _model, _operation),
	),
	array.concat(tools.configured_denials(_principal, _tool_count), media.configured_denials(_model, _has_images)),
)

# METADATA
# title: HTTP status
# description: 200 when allowed, 403 for every denial (the gateway answers with it).
default http_status := 403

http_status := 200 if allow

# METADATA
# title: Obligations
# description: |
#   What the gateway must enforce on an allow, each key only when a setting asks for it:
#   deployments (the allowed candidates, when not all are), max_output_tokens (the
#   smallest matching token cap), upstream_headers (the matching entries' headers) and
#   rate_limits (the matching limits in force now).
obligations := object.union_n([_deployments, _cap, _headers, _limits])

# The modules read their settings themselves (see llmgw.selectors.setting).
_deployments := {"deployments": _allowed} if {
	routing.restricted_given(_model, _allowed)
} else := {}

# The candidates judged once, for both the reasons and the deployments obligation.
_allowed := routing.configured_allowed(_principal, _model)

_cap := {"max_output_tokens": cap} if {
	cap := tokens.configured_cap(_principal)
} else := {}

_headers := {"upstream_headers": added} if {
	added := headers.configured_headers(_principal)
	added != {}
} else := {}

_limits := {"rate_limits": limits} if {
	limits := ratelimits.configured_limits(_principal, _weekday, _hour)
	limits != []
} else := {}

# METADATA
# title: Decision
# description: |
#   The document the authz-service evaluates for each call:
#   {"allow": bool, "reasons": [{"code": str, "message": str}], "http_status": int}, plus
#   "obligations" on an allow that has any.
# entrypoint: true
decision := object.union(_decision, _with_obligations)

_decision := {
	"allow": allow,
	"reasons": reasons,
	"http_status": http_status,
}

_with_obligations := {"obligations": obligations} if {
	allow
	obligations != {}
} else := {}

default _principal := null

_principal := input.principal

default _model := null

_model := input.model

default _operation := {}

_operation := {"endpoint": input.operation.endpoint}

# The request facts are read one path at a time, so that the decision cache key holds only
# these (and not, say, the body size, which differs with every prompt).
default _tool_count := 0

_tool_count := input.request.params.tool_count

default _has_images := false

_has_images := input.request.params.has_images

default _weekday := 0

_weekday := input.request.clock.weekday

default _hour := 0

_hour := input.request.clock.hour
