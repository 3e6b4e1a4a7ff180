# METADATA
# title: Model access decision
# description: |
#   Decides whether a principal may call a model. Both the model name as the client sent it
#   (input.model.requested) and the upstream model it resolves to (input.model.resolved)
#   are visible, so a grant of an alias covers calls made through that alias.
package llmgw.authz

# METADATA
# title: Allow
# description: True when the key grants the requested alias or the resolved model.
default allow := false

allow if _granted(input.model.requested)

allow if _granted(input.model.resolved)

# METADATA
# title: Allowed models
# description: Requested names of the candidates in input.models the key may call, hidden ones left out.
# entrypoint: true
allowed_models := [m.requested |
	some m in _candidates
	not m.hidden == true
	_model_granted(m)
]

_candidates := input.models if is_array(input.models)

else := []

_model_granted(m) if _granted(m.requested)

_model_granted(m) if _granted(m.resolved)

_granted(name) if {
	is_string(name)
	name != ""
	some grant in input.principal.key_models
	grant == name
}

# METADATA
# title: Deny reasons
# description: Why a call is denied; empty when it is allowed.
# custom:
#   codes:
#     - key_model_access_denied
reasons contains reason if {
	not allow
	reason := {
		"code": "key_model_access_denied",
		"message": sprintf(
			"key not allowed to access model. This key can only access models=%v. Tried to access %v",
			[_key_models, object.get(input, ["model", "requested"], "")],
		),
	}
}

_key_models := input.principal.key_models if is_array(input.principal.key_models)

else := []

# METADATA
# title: Decision
# description: The document the authz-service evaluates for each check.
# entrypoint: true
decision := {
	"allow": allow,
	"reasons": [r | some r in reasons],
	"http_status": _http_status,
}

_http_status := 200 if allow

else := 403
