# METADATA
# title: Deployment choice
# description: |
#   A model name can be served by several deployments (input.model.candidates), which may
#   differ in access groups, provider and tags. Each candidate is judged on its own, as the
#   model routed to it: the access rules (llmgw.access) and the residency rules
#   (llmgw.residency) must find no reason to deny it. The allowed candidates become the
#   `deployments` obligation, so the gateway routes only among them; a name with no allowed
#   candidate is denied with the first candidate's reasons. The listing uses the same rule,
#   so a listed name always has a deployment the call may use. Without candidates (an older
#   gateway) the model itself, its chosen deployment, is the only one judged.
# custom:
#   codes:
#     - settings_invalid
#     - input_invalid
#     - model_blocked
#     - provider_blocked
#     - key_model_access_denied
#     - team_model_access_denied
#     - residency_denied
package llmgw.routing

import data.llmgw.access
import data.llmgw.residency
import data.llmgw.selectors

# METADATA
# title: Candidates
# description: |
#   `model` once per candidate deployment, with that deployment's id, provider, resolved
#   name, access groups and tags; [model] when it has no candidates.
candidates(model) := [object.union(model, {
	"deployment": object.get(c, "id", null),
	"provider": object.get(c, "provider", null),
	"resolved": object.get(c, "resolved", null),
	"access_groups": object.get(c, "access_groups", null),
	"tags": object.get(c, "tags", null),
}) |
	some c in model.candidates
] if {
	count(model.candidates) > 0
} else := [model]

# METADATA
# title: Allowed deployments
# description: Ids of the candidates of `model` that `principal` may be routed to, in candidate order.
allowed(principal, model, residency_rules) := [c.deployment |
	some c in candidates(model)
	is_string(c.deployment)
	_denials(principal, c, residency_rules) == []
]

# METADATA
# title: Denials
# description: |
#   Empty when some candidate of `model` is allowed; else the reasons the first candidate
#   is denied, in rule order (access rules, then residency).
# custom:
#   codes:
#     - settings_invalid
#     - input_invalid
#     - model_blocked
#     - provider_blocked
#     - key_model_access_denied
#     - team_model_access_denied
#     - residency_denied
denials(principal, model, residency_rules) := denials_given(
	principal, model, allowed(principal, model, residency_rules),
	residency_rules,
)

# METADATA
# title: Denials given the allowed deployments
# description: |
#   denials, for a caller that has already worked out `allowed_ids` (allowed of the same
#   arguments): a decision needs both, and each candidate is judged once.
denials_given(principal, model, allowed_ids, residency_rules) := [] if {
	count(allowed_ids) > 0
} else := _denials(principal, candidates(model)[0], residency_rules)

# METADATA
# title: Restricted
# description: |
#   True when `model` has candidates and the policy allows some but not all of them
#   (`allowed_ids`, what allowed gives): only then is the allowed list an obligation.
restricted_given(model, allowed_ids) if {
	count(model.candidates) > 0
	count(allowed_ids) < count(model.candidates)
}

# METADATA
# title: Configured
# description: |
#   allowed under the settings' residency rules, as the entrypoints use it.
configured_allowed(principal, model) := allowed(principal, model, _residency)

# METADATA
# title: Configured denials
# description: denials under the settings' residency rules.
configured_denials(principal, model) := denials(principal, model, _residency)

# METADATA
# title: Configured denials given the allowed deployments
# description: denials_given under the settings' residency rules.
configured_denials_given(principal, model, allowed_ids) := denials_given(
	principal, model, allowed_ids,
	_residency,
)

# A rule: read once per evaluation.
_residency := selectors.setting("residency", [])

_denials(principal, deployment, residency_rules) := array.concat(
	access.denials(principal, deployment),
	residency.denials(principal, deployment, residency_rules),
)
