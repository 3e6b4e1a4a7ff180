package llmgw.authz_test

import data.llmgw.authz

# The golden cases in policies/fixtures/listings/data.json, shared with the Java tests.
test_allowed_models_fixtures if {
	count(data.fixtures.listings) > 0
	wrong := [[c.name, got] |
		some c in data.fixtures.listings
		got := authz.allowed_models with input as c.input with data.llmgw.settings as c.settings
		got != c.allowed_models
	]
	print("fixtures listed wrongly [name, got]:", wrong)
	wrong == []
}

test_allowed_models_fixtureNamesUnique if {
	names := [c.name | some c in data.fixtures.listings]
	count(names) == count({n | some n in names})
}

_listing_principal(key_models, team_id, team_models) := {
	"key_id": "key-1",
	"team_id": team_id,
	"user_id": "",
	"key_models": key_models,
	"team_models": team_models,
	"metadata": {"owner": "search-team"},
}

_catalog_model(requested, resolved, provider, groups, hidden) := {
	"requested": requested,
	"resolved": resolved,
	"deployment": concat("", ["dep-", resolved]),
	"provider": provider,
	"access_groups": groups,
	"tags": [],
	"hidden": hidden,
}

_catalog := [
	_catalog_model("gpt-4o", "gpt-4o-2024-08-06", "openai", ["public"], false),
	_catalog_model("fast-chat", "gpt-4o-mini", "openai", [], false),
	_catalog_model("Qwen/Qwen3-Coder-480B-A35B-Instruct", "Qwen/Qwen3-Coder-480B-A35B-Instruct-bfloat16", "hosted_vllm", ["coding"], false),
	_catalog_model("bedrock/us.anthropic.claude-3-5-sonnet", "bedrock/us.anthropic.claude-3-5-sonnet", "bedrock", ["public"], false),
	_catalog_model("internal-eval", "gpt-4o-2024-08-06", "openai", ["coding"], true),
	_catalog_model("deepseek/deepseek-r1", "deepseek-ai/DeepSeek-R1", "together_ai", [], false),
	_catalog_model("gpt-4o", "gpt-4o-2024-05-13", "azure", ["eu"], false),
]

_principals := [
	_listing_principal(["*"], "", []),
	_listing_principal([], "", []),
	_listing_principal(["gpt-4o-2024-08-06", "coding"], "", []),
	_listing_principal(["openai/*", "internal-eval"], "", []),
	_listing_principal(["public", "eu"], "team-a", ["gpt-4o", "bedrock/*"]),
	_listing_principal(["*"], "team-b", ["deepseek/*", "fast-chat"]),
]

_settings_variants := [
	{"alias_boundary": false, "block_list": {"models": [], "providers": []}},
	{"alias_boundary": true, "block_list": {"models": ["gpt-4o-2024-05-*"], "providers": ["deepseek"]}},
]

_generated := [{"name": sprintf("principal %d, settings %d", [p, s]), "settings": settings, "input": {
	"principal": principal,
	"models": _catalog,
	"operation": {"endpoint": "models.list", "method": "GET", "path": "/v1/models", "stream": false},
	"request": {"request_id": "req-1", "time": "2026-11-28T12:00:00Z", "client_address": "10.0.0.7"},
}} |
	some p, principal in _principals
	some s, settings in _settings_variants
]

# One rule set: a name is listed exactly when every catalog entry with that name would be
# allowed by the decision entrypoint and is not hidden. Checked on every listing fixture
# and on principals x settings over a catalog with patterns, groups, teams, hidden and
# duplicate entries; the verdicts must include both listed and unlisted names, so that
# the test cannot pass by listing nothing or everything.
test_allowed_models_listedExactlyWhenCallableAndVisible if {
	verdicts := [[c.name, name, is_listed, callable] |
		some c in array.concat(data.fixtures.listings, _generated)
		is_array(c.input.models)
		listed := authz.allowed_models with input as c.input with data.llmgw.settings as c.settings
		some name in {m.requested | some m in c.input.models}
		is_listed := name in listed
		callable := _callable_and_visible(c, name)
	]
	wrong := [v | some v in verdicts; v[2] != v[3]]
	print("names listed wrongly [case, name, listed, callable]:", wrong)
	wrong == []
	{v[2] | some v in verdicts} == {true, false}
}

_callable_and_visible(c, name) := false if {
	some model in c.input.models
	model.requested == name
	not _allowed_and_visible(c, model)
} else := true

_allowed_and_visible(c, model) if {
	d := authz.decision with input as _check_input(c.input, model) with data.llmgw.settings as c.settings
	d.allow == true
	model.hidden == false
}

_check_input(listing, model) := object.union(object.remove(listing, ["models"]), {"model": model})
