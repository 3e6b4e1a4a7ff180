package llmgw.validation_test

import data.llmgw.validation

_principal := {
	"key_id": "key-1",
	"team_id": "",
	"user_id": "",
	"key_models": ["gpt-4o"],
	"team_models": [],
	"metadata": {},
}

_model := {
	"requested": "gpt-4o",
	"resolved": "gpt-4o-2024-08-06",
	"deployment": "dep-1",
	"provider": "openai",
	"access_groups": [],
	"tags": [],
	"hidden": false,
}

# [case, principal, faults]
_principal_cases := [
	["well formed", _principal, []],
	["only the attributes the rules read", {"team_id": "t", "key_models": [], "team_models": []}, []],
	["null", null, ["principal must be an object"]],
	["array", [_principal], ["principal must be an object"]],
	["empty object", {}, [
		"principal.team_id must be a string",
		"principal.key_models must be an array of strings",
		"principal.team_models must be an array of strings",
	]],
	["team_id null", object.union(_principal, {"team_id": null}), ["principal.team_id must be a string"]],
	["key_models a string", object.union(_principal, {"key_models": "gpt-4o"}), ["principal.key_models must be an array of strings"]],
	["key_models holds a number", object.union(_principal, {"key_models": ["gpt-4o", 4]}), ["principal.key_models must be an array of strings"]],
	["team_models an object", object.union(_principal, {"team_models": {"gpt-4o": true}}), ["principal.team_models must be an array of strings"]],
]

test_principal_faults_missingEmptyAndMalformed if {
	wrong := [[c[0], got] |
		some c in _principal_cases
		got := validation.principal_faults(c[1])
		got != c[2]
	]
	print("cases with wrong faults [case, got]:", wrong)
	wrong == []
}

# [case, model, faults]
_model_cases := [
	["well formed", _model, []],
	["empty resolved and provider", object.union(_model, {"resolved": "", "provider": ""}), []],
	["string", "gpt-4o", ["model must be an object"]],
	["null", null, ["model must be an object"]],
	["empty object", {}, [
		"model.requested must be a non-empty string",
		"model.resolved must be a string",
		"model.provider must be a string",
		"model.access_groups must be an array of strings",
		"model.hidden must be a boolean",
	]],
	["empty requested", object.union(_model, {"requested": ""}), ["model.requested must be a non-empty string"]],
	["numeric requested", object.union(_model, {"requested": 4}), ["model.requested must be a non-empty string"]],
	["null resolved", object.union(_model, {"resolved": null}), ["model.resolved must be a string"]],
	["access_groups a string", object.union(_model, {"access_groups": "beta"}), ["model.access_groups must be an array of strings"]],
	["hidden a string", object.union(_model, {"hidden": "false"}), ["model.hidden must be a boolean"]],
]

test_model_faults_missingEmptyAndMalformed if {
	wrong := [[c[0], got] |
		some c in _model_cases
		got := validation.model_faults(c[1])
		got != c[2]
	]
	print("cases with wrong faults [case, got]:", wrong)
	wrong == []
}

_block_list_fault := "block_list must be an object holding models and providers, arrays of strings"

_endpoint_rules_fault := "endpoint_rules must be an object holding keys and teams, objects of arrays of strings"

# [case, settings, faults]
_settings_cases := [
	["shipped defaults", {"alias_boundary": false, "block_list": {"models": [], "providers": []}}, []],
	["alias boundary on", {"alias_boundary": true, "block_list": {"models": ["o1-*"], "providers": ["x"]}}, []],
	["empty: defaults", {}, []],
	["block list without lists", {"block_list": {}}, []],
	["null", null, ["settings must be an object"]],
	["array", [], ["settings must be an object"]],
	["unknown keys, sorted", {"blocklist": [], "alias_boundry": true}, ["unknown settings: alias_boundry, blocklist"]],
	["alias_boundary a string", {"alias_boundary": "true"}, ["alias_boundary must be true or false"]],
	["block_list an array", {"block_list": ["gpt-4o"]}, [_block_list_fault]],
	["block_list.models a string", {"block_list": {"models": "gpt-4o"}}, [_block_list_fault]],
	["block_list.providers holds null", {"block_list": {"providers": [null]}}, [_block_list_fault]],
	["block_list with an unknown key", {"block_list": {"model": ["gpt-4o"]}}, [_block_list_fault]],
	["endpoint rules", {"endpoint_rules": {"keys": {"k": ["embeddings"]}, "teams": {"t": []}}}, []],
	["endpoint rules without lists", {"endpoint_rules": {}}, []],
	["endpoint_rules an array", {"endpoint_rules": []}, [_endpoint_rules_fault]],
	["endpoint_rules with an unknown key", {"endpoint_rules": {"key": {}}}, [_endpoint_rules_fault]],
	["endpoint_rules.keys an array", {"endpoint_rules": {"keys": ["k"]}}, [_endpoint_rules_fault]],
	["endpoint_rules.teams holds a string", {"endpoint_rules": {"teams": {"t": "embeddings"}}}, [_endpoint_rules_fault]],
	[
		"every fault at once",
		{"alias_boundary": 1, "block_list": 2, "mode": 3},
		["unknown settings: mode", "alias_boundary must be true or false", _block_list_fault],
	],
]

test_settings_faults_missingEmptyAndMalformed if {
	wrong := [[c[0], got] |
		some c in _settings_cases
		got := validation.settings_faults(c[1])
		got != c[2]
	]
	print("cases with wrong faults [case, got]:", wrong)
	wrong == []
}

# The shipped data.json must pass its own check, or every call would be denied.
test_settings_faults_shippedDataIsWellFormed if {
	validation.settings_faults(data.llmgw.settings) == []
}

# well_formed is the fast path of the fault lists: it must hold exactly when all three are
# empty, for every combination of the cases above and for every golden fixture.
test_well_formed_agreesWithFaultLists if {
	disagree := [[sc[0], pc[0], mc[0]] |
		some sc in _settings_cases
		some pc in _principal_cases
		some mc in _model_cases
		not _well_formed_agrees(sc[1], pc[1], mc[1])
	]
	print("cases where well_formed disagrees [settings, principal, model]:", disagree)
	disagree == []
}

test_well_formed_agreesOnGoldenFixtures if {
	disagree := [c.name |
		some c in data.fixtures.checks
		not _well_formed_agrees(c.settings, object.get(c.input, "principal", null), object.get(c.input, "model", null))
	]
	disagree == []
}

_well_formed_agrees(settings, principal, model) if {
	validation.well_formed(settings, principal, model)
	_no_faults(settings, principal, model)
}

_well_formed_agrees(settings, principal, model) if {
	not validation.well_formed(settings, principal, model)
	not _no_faults(settings, principal, model)
}

_no_faults(settings, principal, model) if {
	validation.settings_faults(settings) == []
	validation.principal_faults(principal) == []
	validation.model_faults(model) == []
}
