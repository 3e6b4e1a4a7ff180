package llmgw.grants_test

import data.llmgw.grants

_alias := "Qwen/Qwen3-Coder-480B-A35B-Instruct"

_upstream := "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16"

_model(requested, resolved, provider, groups) := {
	"requested": requested,
	"resolved": resolved,
	"deployment": "dep-1",
	"provider": provider,
	"access_groups": groups,
	"tags": [],
	"hidden": false,
}

_qwen := _model(_alias, _upstream, "hosted_vllm", ["coding"])

_fast := _model("fast-chat", "gpt-4o-mini", "openai", [])

# [case, grants, model, covered by default, covered with the alias boundary]
_covers_cases := [
	["alias granted", [_alias], _qwen, true, true],
	["upstream granted", [_upstream], _qwen, true, false],
	["other model granted", ["gpt-4o"], _qwen, false, false],
	["pattern over alias", ["Qwen/*"], _qwen, true, true],
	["pattern over upstream only", ["gpt-4o-*"], _fast, true, false],
	["provider wildcard over provider", ["openai/*"], _fast, true, false],
	["provider wildcard, other provider", ["anthropic/*"], _fast, false, false],
	["provider wildcard, empty provider", ["/*"], _model("x", "y", "", []), false, false],
	["group granted", ["coding"], _qwen, true, true],
	["other group granted", ["research"], _qwen, false, false],
	["empty group name", [""], _model("x", "y", "openai", [""]), false, false],
	["all models", ["*"], _qwen, true, true],
	["empty grant list", [], _qwen, false, false],
	["one of several grants", ["gpt-4o", "research", _alias], _qwen, true, true],
]

test_covers_bothAliasModes if {
	wrong := [c[0] |
		some c in _covers_cases
		[_covered(c[1], c[2], false), _covered(c[1], c[2], true)] != [c[3], c[4]]
	]
	print("cases covered wrongly:", wrong)
	wrong == []
}

_covered(list, model, alias_boundary) if grants.covers(list, model, alias_boundary)

else := false
