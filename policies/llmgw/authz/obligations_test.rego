package llmgw.authz_obligations_test

import data.llmgw.authz

# The golden cases in policies/fixtures/obligations.json, shared with the Java tests: the
# optional modules on, decisions with and without obligations.
test_decision_obligationFixtures if {
	count(data.fixtures.obligations) > 0
	wrong := [[c.name, got] |
		some c in data.fixtures.obligations
		got := authz.decision with input as c.input with data.llmgw.settings as c.settings
		got != c.decision
	]
	print("fixtures decided wrongly [name, got]:", wrong)
	wrong == []
}

test_decision_obligationFixtureNamesUnique if {
	names := [c.name | some c in data.fixtures.obligations]
	count(names) == count({n | some n in names})
}

# Every module is off without settings: the same inputs are plain allows.
test_decision_modulesOff_plainAllow if {
	defaults := {"alias_boundary": false, "block_list": {"models": [], "providers": []}}
	wrong := [c.name |
		some c in data.fixtures.obligations
		got := authz.decision with input as c.input with data.llmgw.settings as defaults
		not _plain_or_routing(c.name, got)
	]
	wrong == []
}

# Without settings, only the access-group case still restricts its deployments (that is
# the access rules, not a module) and only the no-EU-deployment case is allowed anyway.
_plain_or_routing("routing_deploymentsDifferInAccessGroups_onlyGrantedOnes", got) if {
	got == {"allow": true, "reasons": [], "http_status": 200, "obligations": {"deployments": ["qwen-a"]}}
}

_plain_or_routing(name, got) if {
	name != "routing_deploymentsDifferInAccessGroups_onlyGrantedOnes"
	got == {"allow": true, "reasons": [], "http_status": 200}
}

# A module's malformed settings deny every call, naming the setting.
test_decision_moduleSettingsMalformed_denies if {
	c := data.fixtures.obligations[0]
	got := authz.decision with input as c.input
		with data.llmgw.settings as object.union(c.settings, {"token_caps": [{"max_output_tokens": -1}]})
	got == {"allow": false, "http_status": 403, "reasons": [{
		"code": "settings_invalid",
		"message": "malformed policy settings (data.llmgw.settings): token_caps[0].max_output_tokens must be a whole number of at least 1",
	}]}
}

# A listing shows an EU key only the names that have an EU deployment.
test_allowed_models_residency_listsOnlyNamesWithAllowedDeployment if {
	c := data.fixtures.obligations[0]
	eu := object.union(c.input.principal, {"metadata": {"region": "eu"}})
	model := c.input.model
	us_only := object.union(model, {"requested": "us-only", "candidates": [object.union(model.candidates[0], {"id": "us-1", "tags": ["us"]})]})
	mixed := object.union(model, {"requested": "mixed", "candidates": [
		object.union(model.candidates[0], {"id": "us-1", "tags": ["us"]}),
		object.union(model.candidates[0], {"id": "eu-1", "tags": ["eu"]}),
	]})
	listing := {"principal": eu, "models": [us_only, mixed], "operation": c.input.operation, "request": c.input.request}
	authz.allowed_models == ["mixed"] with input as listing with data.llmgw.settings as c.settings
}
