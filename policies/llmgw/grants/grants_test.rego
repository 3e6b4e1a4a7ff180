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

# One upstream model name at two providers, and aliases of it.
_openai_gpt4o := _model("openai/gpt-4o", "gpt-4o", "openai", [])

_azure_gpt4o := _model("azure/gpt-4o", "gpt-4o", "azure", [])

_alias_gpt4o := _model("gpt-4o", "gpt-4o", "openai", [])

_eu_alias := _model("gpt-4o-eu", "gpt-4o", "azure", [])

# [case, grants, model, covered by default, covered with the alias boundary]
_covers_cases := [
	["alias granted", [_alias], _qwen, true, true],
	["bare upstream name granted", [_upstream], _qwen, false, false],
	["qualified upstream granted", [concat("/", ["hosted_vllm", _upstream])], _qwen, true, false],
	["other model granted", ["gpt-4o"], _qwen, false, false],
	["pattern over alias", ["Qwen/*"], _qwen, true, true],
	["bare pattern over upstream only", ["gpt-4o-*"], _fast, false, false],
	["qualified pattern over upstream", ["openai/gpt-4o-*"], _fast, true, false],
	["provider wildcard over provider", ["openai/*"], _fast, true, false],
	["provider wildcard, other provider", ["anthropic/*"], _fast, false, false],
	["provider wildcard, empty provider", ["/*"], _model("x", "y", "", []), false, false],
	["qualified grant, empty resolved", ["openai/"], _model("x", "", "openai", []), false, false],
	["group granted", ["coding"], _qwen, true, true],
	["other group granted", ["research"], _qwen, false, false],
	["empty group name", [""], _model("x", "y", "openai", [""]), false, false],
	["all models", ["*"], _qwen, true, true],
	["empty grant list", [], _qwen, false, false],
	["one of several grants", ["gpt-4o", "research", _alias], _qwen, true, true],
	["bare grant, alias of that name", ["gpt-4o"], _alias_gpt4o, true, true],
	["bare grant, openai/ name", ["gpt-4o"], _openai_gpt4o, false, false],
	["bare grant, azure/ name", ["gpt-4o"], _azure_gpt4o, false, false],
	["bare grant, other alias of an upstream of that name", ["gpt-4o"], _eu_alias, false, false],
	["qualified grant, its provider's name", ["openai/gpt-4o"], _openai_gpt4o, true, true],
	["qualified grant, other provider's name", ["openai/gpt-4o"], _azure_gpt4o, false, false],
	["qualified grant, alias served by its provider", ["openai/gpt-4o"], _alias_gpt4o, true, false],
	["qualified grant, alias served by other provider", ["openai/gpt-4o"], _eu_alias, false, false],
	["all-proxy-models", ["all-proxy-models"], _qwen, true, true],
	["no-default-models alone", ["no-default-models"], _qwen, false, false],
	["no-default-models beside a grant", ["no-default-models", _alias], _qwen, true, true],
	["no-default-models is not a name", ["no-default-models"], _model("no-default-models", "x", "p", []), false, false],
	["no-default-models is not a group", ["no-default-models"], _model("x", "y", "p", ["no-default-models"]), false, false],
	["no-default-models is not a provider pattern", ["no-default-models"], _model("x", "models", "no-default", []), false, false],
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
