package llmgw.blocklist_test

import data.llmgw.blocklist

_model(requested, resolved, provider) := {
	"requested": requested,
	"resolved": resolved,
	"deployment": "dep-1",
	"provider": provider,
	"access_groups": ["public"],
	"tags": [],
	"hidden": false,
}

_model_blocked(requested) := {
	"code": "model_blocked",
	"message": concat("", ["model blocked by the organisation's block list. Tried to access ", requested]),
}

_provider_blocked(requested) := {
	"code": "provider_blocked",
	"message": concat("", ["provider blocked by the organisation's block list. Tried to access ", requested]),
}

_fast := _model("fast-chat", "openai/gpt-4o-mini", "openai")

# [case, model, block list, reasons]
_reasons_cases := [
	["nothing blocked", _fast, {"models": [], "providers": []}, []],
	["no lists at all", _fast, {}, []],
	["requested name", _fast, {"models": ["fast-chat"]}, [_model_blocked("fast-chat")]],
	["resolved name, message names the alias", _fast, {"models": ["openai/gpt-4o-mini"]}, [_model_blocked("fast-chat")]],
	["pattern", _fast, {"models": ["openai/gpt-4o-*"]}, [_model_blocked("fast-chat")]],
	["everything", _fast, {"models": ["*"]}, [_model_blocked("fast-chat")]],
	["other model", _fast, {"models": ["openai/gpt-4o"]}, []],
	["empty entry", _fast, {"models": [""], "providers": [""]}, []],
	["deployment provider", _fast, {"providers": ["openai"]}, [_provider_blocked("fast-chat")]],
	[
		"provider as name prefix",
		_model("deepseek/deepseek-r1", "deepseek-ai/DeepSeek-R1", "together_ai"),
		{"providers": ["deepseek"]},
		[_provider_blocked("deepseek/deepseek-r1")],
	],
	[
		"provider as prefix of the resolved name",
		_model("r1", "deepseek/deepseek-r1", "together_ai"),
		{"providers": ["deepseek"]},
		[_provider_blocked("r1")],
	],
	["provider lookalike", _model("deepseekz/x", "deepseekz/x", "deepseekz"), {"providers": ["deepseek"]}, []],
	[
		"model and provider, model first",
		_fast,
		{"models": ["fast-chat"], "providers": ["openai"]},
		[_model_blocked("fast-chat"), _provider_blocked("fast-chat")],
	],
]

test_reasons_modelsAndProviders if {
	wrong := [[c[0], got] |
		some c in _reasons_cases
		got := blocklist.reasons(c[1], c[2])
		got != c[3]
	]
	print("cases with wrong reasons [case, got]:", wrong)
	wrong == []
}
