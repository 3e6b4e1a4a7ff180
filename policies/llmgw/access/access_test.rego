package llmgw.access_test

import data.llmgw.access

_alias := "Qwen/Qwen3-Coder-480B-A35B-Instruct"

_upstream := "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"

# The upstream model as a grant names it: with its provider (a bare name covers only the requested name).
_qualified_upstream := "hosted_vllm/Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"

_defaults := {"alias_boundary": false, "block_list": {"models": [], "providers": []}}

_boundary := object.union(_defaults, {"alias_boundary": true})

_principal(key_models, team_id, team_models) := {
	"key_id": "key-1",
	"team_id": team_id,
	"user_id": "user-1",
	"key_models": key_models,
	"team_models": team_models,
	"metadata": {},
}

_qwen := {
	"requested": _alias,
	"resolved": _upstream,
	"deployment": "dep-qwen",
	"provider": "hosted_vllm",
	"access_groups": [],
	"tags": [],
	"hidden": false,
}

_key_denied(grants) := {
	"code": "key_model_access_denied",
	"message": concat("", [
		"key not allowed to access model. This key can only access models=",
		grants,
		". Tried to access Qwen/Qwen3-Coder-480B-A35B-Instruct",
	]),
}

_team_denied(grants) := {
	"code": "team_model_access_denied",
	"message": concat("", [
		"team not allowed to access model. This team can only access models=",
		grants,
		". Tried to access Qwen/Qwen3-Coder-480B-A35B-Instruct",
	]),
}

_blocked := {
	"code": "model_blocked",
	"message": "model blocked by the organisation's block list. Tried to access Qwen/Qwen3-Coder-480B-A35B-Instruct",
}

# [case, settings, principal, model, denials]
_denials_cases := [
	["alias granted", _defaults, _principal([_alias], "", []), _qwen, []],
	["upstream granted", _defaults, _principal([_qualified_upstream], "", []), _qwen, []],
	["upstream granted, alias boundary", _boundary, _principal([_qualified_upstream], "", []), _qwen, [_key_denied(`["hosted_vllm/Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"]`)]],
	["bare upstream name granted", _defaults, _principal([_upstream], "", []), _qwen, [_key_denied(`["Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"]`)]],
	["settings without keys take defaults", {}, _principal([_qualified_upstream], "", []), _qwen, []],
	["no grants", _defaults, _principal([], "", []), _qwen, [_key_denied("[]")]],
	["team allows too", _defaults, _principal(["*"], "team-a", ["Qwen/*"]), _qwen, []],
	["team narrows", _defaults, _principal(["*"], "team-a", ["gpt-4o", "o3"]), _qwen, [_team_denied(`["gpt-4o", "o3"]`)]],
	[
		"blocked, key and team deny: every reason in rule order",
		object.union(_defaults, {"block_list": {"models": [_upstream]}}),
		_principal(["gpt-4o"], "team-a", []),
		_qwen,
		[_blocked, _key_denied(`["gpt-4o"]`), _team_denied("[]")],
	],
	[
		"malformed input: only the faults",
		_defaults,
		_principal("*", "team-a", []),
		object.union(_qwen, {"hidden": null}),
		[
			{"code": "input_invalid", "message": "malformed policy input: principal.key_models must be an array of strings"},
			{"code": "input_invalid", "message": "malformed policy input: model.hidden must be a boolean"},
		],
	],
	[
		"malformed settings: only the faults, settings first",
		{"alias_boundary": "no"},
		_principal([_alias], "", []),
		null,
		[
			{"code": "settings_invalid", "message": "malformed policy settings (data.llmgw.settings): alias_boundary must be true or false"},
			{"code": "input_invalid", "message": "malformed policy input: model must be an object"},
		],
	],
]

test_denials_ruleOrderAndSettings if {
	wrong := [[c[0], got] |
		some c in _denials_cases
		got := access.denials(c[2], c[3]) with data.llmgw.settings as c[1]
		got != c[4]
	]
	print("cases with wrong denials [case, got]:", wrong)
	wrong == []
}
