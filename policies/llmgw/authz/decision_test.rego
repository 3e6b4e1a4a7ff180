package llmgw.authz_test

import data.llmgw.authz

_qwen_alias := "Qwen/Qwen3-Coder-480B-A35B-Instruct"

_qwen_upstream := "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"

_defaults := {"alias_boundary": false, "block_list": {"models": [], "providers": []}}

_input(key_models) := {
	"principal": {
		"key_id": "key-1",
		"team_id": "",
		"user_id": "user-1",
		"key_models": key_models,
		"team_models": [],
		"metadata": {},
	},
	"model": {
		"requested": _qwen_alias,
		"resolved": _qwen_upstream,
		"deployment": "dep-qwen",
		"provider": "hosted_vllm",
		"access_groups": [],
		"tags": [],
		"hidden": false,
	},
	"operation": {"endpoint": "chat.completions", "method": "POST", "path": "/v1/chat/completions", "stream": false},
	"request": {"request_id": "req-1", "time": "", "client_address": "10.0.0.7"},
}

_allowed := {"allow": true, "reasons": [], "http_status": 200}

# The original report: a key granted exactly the alias is allowed although the gateway
# resolves it to another upstream name.
test_decision_aliasGranted_allows if {
	authz.decision == _allowed with input as _input([_qwen_alias]) with data.llmgw.settings as _defaults
}

test_decision_qualifiedUpstreamGranted_allows if {
	d := authz.decision with input as _input([concat("/", ["hosted_vllm", _qwen_upstream])])
		with data.llmgw.settings as _defaults
	d == _allowed
}

# ... and a key granted another model is told the name it asked for, not the upstream one.
test_decision_otherModel_deniesNamingRequestedAlias if {
	d := authz.decision with input as _input(["gpt-4o"]) with data.llmgw.settings as _defaults
	d == {"allow": false, "http_status": 403, "reasons": [{
		"code": "key_model_access_denied",
		"message": "key not allowed to access model. This key can only access models=[\"gpt-4o\"]. Tried to access Qwen/Qwen3-Coder-480B-A35B-Instruct",
	}]}
	not contains(d.reasons[0].message, _qwen_upstream)
}

# Inputs no gateway would send: the decision is still defined, and denies.
test_decision_inputNotAnObject_denies if {
	expected := {"allow": false, "http_status": 403, "reasons": [
		{"code": "input_invalid", "message": "malformed policy input: principal must be an object"},
		{"code": "input_invalid", "message": "malformed policy input: model must be an object"},
	]}
	wrong := [i |
		some i in [null, "", "principal", 42, true, [], [_input(["*"])]]
		d := authz.decision with input as i with data.llmgw.settings as _defaults
		d != expected
	]
	print("inputs decided wrongly:", wrong)
	wrong == []
}

# Settings missing altogether (no data.json) deny every call.
test_decision_settingsNull_denies if {
	d := authz.decision with input as _input(["*"]) with data.llmgw.settings as null
	d == {"allow": false, "http_status": 403, "reasons": [{
		"code": "settings_invalid",
		"message": "malformed policy settings (data.llmgw.settings): settings must be an object",
	}]}
}

_never(_, _) := [] if false

# Should the rule set ever have no answer, the decision still exists and denies.
test_decision_rulesUndefined_deniesWithReason if {
	d := authz.decision with input as _input([_qwen_alias]) with data.llmgw.access.denials as _never
	d == {"allow": false, "http_status": 403, "reasons": [{
		"code": "rules_undefined",
		"message": "the access rules gave no answer for this input",
	}]}
}

# The golden cases in policies/fixtures/checks/data.json, shared with the Java tests.
test_decision_fixtures if {
	count(data.fixtures.checks) > 0
	wrong := [[c.name, got] |
		some c in data.fixtures.checks
		got := authz.decision with input as c.input with data.llmgw.settings as c.settings
		got != c.decision
	]
	print("fixtures decided wrongly [name, got]:", wrong)
	wrong == []
}

test_decision_fixtureNamesUnique if {
	names := [c.name | some c in data.fixtures.checks]
	count(names) == count({n | some n in names})
}
