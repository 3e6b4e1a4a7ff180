package llmgw.authz_test

import data.llmgw.authz

_qwen_alias := "Qwen/Qwen3-Coder-480B-A35B-Instruct"

_qwen_upstream := "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"

_input(models) := {
	"principal": {"key_id": "k1", "key_models": models},
	"model": {"requested": _qwen_alias, "resolved": _qwen_upstream},
	"operation": {"endpoint": "chat.completions"},
}

test_decision_aliasGranted_allows if {
	authz.decision == {"allow": true, "reasons": [], "http_status": 200} with input as _input([_qwen_alias])
}

test_decision_resolvedGranted_allows if {
	authz.decision.allow with input as _input([_qwen_upstream])
}

test_decision_otherModel_deniesNamingRequestedAlias if {
	d := authz.decision with input as _input(["gpt-4o"])
	d.allow == false
	d.http_status == 403
	d.reasons == [{
		"code": "key_model_access_denied",
		"message": "key not allowed to access model. This key can only access models=[\"gpt-4o\"]. Tried to access Qwen/Qwen3-Coder-480B-A35B-Instruct",
	}]
}

test_decision_missingPrincipal_denies if {
	d := authz.decision with input as {"model": {"requested": _qwen_alias, "resolved": _qwen_upstream}}
	d.allow == false
	d.reasons[0].code == "key_model_access_denied"
}

test_decision_emptyRequestedName_denies if {
	d := authz.decision with input as {"principal": {"key_models": [""]}, "model": {"requested": "", "resolved": ""}}
	d.allow == false
}

test_allowed_models_listsGrantedAliasNotHidden if {
	models := [
		{"requested": _qwen_alias, "resolved": _qwen_upstream},
		{"requested": "gpt-4o", "resolved": "gpt-4o"},
		{"requested": "secret", "resolved": _qwen_upstream, "hidden": true},
	]
	authz.allowed_models == [_qwen_alias] with input as {"principal": {"key_models": [_qwen_alias]}, "models": models}
}

test_allowed_models_missingModels_isEmpty if {
	authz.allowed_models == [] with input as {"principal": {"key_models": ["x"]}}
}
