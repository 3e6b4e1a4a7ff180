package llmgw.endpoints_test

import data.llmgw.endpoints

_principal(key_id, team_id) := {
	"key_id": key_id,
	"team_id": team_id,
	"user_id": "",
	"key_models": ["*"],
	"team_models": ["*"],
	"metadata": {},
}

_model := {
	"requested": "claude-sonnet",
	"resolved": "claude-sonnet-4-5",
	"deployment": "dep-1",
	"provider": "anthropic",
	"access_groups": [],
	"tags": [],
	"hidden": false,
}

_rules := {
	"keys": {"ci-bot": ["embeddings"], "agent": ["messages.*", "models.list"], "nothing": []},
	"teams": {"claude-code": ["messages.*"], "open": ["*"]},
}

_key_denied(endpoint, allowed) := {
	"code": "key_endpoint_denied",
	"message": concat("", [
		"key not allowed to use endpoint ", endpoint, ". This key can only use endpoints=", allowed,
		". Tried to access claude-sonnet",
	]),
}

_team_denied(endpoint, allowed) := {
	"code": "team_endpoint_denied",
	"message": concat("", [
		"team not allowed to use endpoint ", endpoint, ". This team can only use endpoints=", allowed,
		". Tried to access claude-sonnet",
	]),
}

# [case, key id, team id, endpoint, reasons]
_cases := [
	["no rule for the key or team", "someone", "", "chat.completions", []],
	["key allowed its endpoint", "ci-bot", "", "embeddings", []],
	["key denied another", "ci-bot", "", "chat.completions", [_key_denied("chat.completions", "[\"embeddings\"]")]],
	["key pattern covers", "agent", "", "messages.count_tokens", []],
	[
		"key pattern does not cover a lookalike",
		"agent", "", "messagesx.create",
		[_key_denied("messagesx.create", "[\"messages.*\", \"models.list\"]")],
	],
	["empty list allows nothing", "nothing", "", "responses.create", [_key_denied("responses.create", "[]")]],
	["team restricts a key without a rule", "someone", "claude-code", "messages.create", []],
	[
		"team denies",
		"someone", "claude-code", "responses.create",
		[_team_denied("responses.create", "[\"messages.*\"]")],
	],
	[
		"key and team both deny, key first",
		"ci-bot", "claude-code", "responses.create",
		[_key_denied("responses.create", "[\"embeddings\"]"), _team_denied("responses.create", "[\"messages.*\"]")],
	],
	["key allows, team does not", "ci-bot", "claude-code", "embeddings", [_team_denied("embeddings", "[\"messages.*\"]")]],
	["team star", "someone", "open", "anything.at.all", []],
	["listing never restricted", "nothing", "", "models.list", []],
	["lookup never restricted", "nothing", "", "models.retrieve", []],
]

test_reasons_keysAndTeams if {
	wrong := [[c[0], got] |
		some c in _cases
		got := endpoints.reasons(_principal(c[1], c[2]), _model, {"endpoint": c[3]}, _rules)
		got != c[4]
	]
	print("cases decided wrongly [case, got]:", wrong)
	wrong == []
}

test_reasons_noRules_nothingRestricted if {
	endpoints.reasons(_principal("ci-bot", "claude-code"), _model, {"endpoint": "embeddings"}, {}) == []
}

test_reasons_restrictedKeyWithoutEndpoint_inputInvalid if {
	malformed := {
		"code": "input_invalid",
		"message": "malformed policy input: operation.endpoint must be a string",
	}
	endpoints.reasons(_principal("ci-bot", ""), _model, {}, _rules) == [malformed]
	endpoints.reasons(_principal("ci-bot", ""), _model, {"endpoint": 7}, _rules) == [malformed]
}

test_reasons_unrestrictedKeyWithoutEndpoint_noReason if {
	endpoints.reasons(_principal("someone", ""), _model, {}, _rules) == []
}
