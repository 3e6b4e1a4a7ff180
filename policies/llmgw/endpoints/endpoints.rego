# METADATA
# title: Endpoint rules
# description: |
#   Which API operations a key or a team may use, whatever models it is granted. The
#   operation is input.operation.endpoint, named by the gateway for every route:
#   chat.completions, completions, embeddings, responses.create, messages.create,
#   messages.count_tokens (and models.list, models.retrieve for the listing and a model
#   lookup). The rules live in data.llmgw.settings.endpoint_rules:
#   {"keys": {key_id: [entry]}, "teams": {team_id: [entry]}}, each entry an endpoint name,
#   a prefix pattern (`messages.*`) or `*`. A key or team without an entry may use every
#   endpoint; with one, only the endpoints its entries cover (an empty list: none). When
#   both the key and its team have an entry, both must cover the endpoint. models.list and
#   models.retrieve are never restricted: they ask whether a model may be called at all.
# custom:
#   codes:
#     - input_invalid
#     - key_endpoint_denied
#     - team_endpoint_denied
package llmgw.endpoints

import data.llmgw.patterns

# Operations that ask about a model without calling it.
_lookups := {"models.list", "models.retrieve"}

# METADATA
# title: Endpoint denials
# description: |
#   The reasons the endpoint rules give to deny `principal` calling `model` for
#   `operation`, key before team; empty when nothing restricts it. `rules` is
#   settings.endpoint_rules, already checked to be well formed. An operation without a
#   string `endpoint` is denied with `input_invalid` when a rule applies to the caller.
#   Messages name the endpoint, what the key (or team) may use, and the model as the client
#   requested it.
# custom:
#   codes:
#     - input_invalid
#     - key_endpoint_denied
#     - team_endpoint_denied
reasons(principal, model, operation, rules) := [] if {
	not _restricted(principal, rules)
} else := [{
	"code": "input_invalid",
	"message": "malformed policy input: operation.endpoint must be a string",
}] if {
	not is_string(object.get(operation, "endpoint", null))
} else := [] if {
	operation.endpoint in _lookups
} else := array.concat(
	_key_denials(object.get(object.get(rules, "keys", {}), principal.key_id, null), operation.endpoint, model),
	_team_denials(_team_entries(principal, rules), operation.endpoint, model),
)

_restricted(principal, rules) if object.get(object.get(rules, "keys", {}), principal.key_id, null) != null

_restricted(principal, rules) if _team_entries(principal, rules) != null

_team_entries(principal, rules) := null if {
	principal.team_id == ""
} else := object.get(object.get(rules, "teams", {}), principal.team_id, null)

_key_denials(entries, endpoint, model) := [] if {
	_allows(entries, endpoint)
} else := [{"code": "key_endpoint_denied", "message": _message("key", entries, endpoint, model)}]

_team_denials(entries, endpoint, model) := [] if {
	_allows(entries, endpoint)
} else := [{"code": "team_endpoint_denied", "message": _message("team", entries, endpoint, model)}]

# No entry (null) restricts nothing; an entry allows the endpoints it covers.
_allows(entries, _) if entries == null

_allows(entries, endpoint) if {
	some entry in entries
	patterns.covers(entry, endpoint)
}

_message(who, entries, endpoint, model) := concat("", [
	who, " not allowed to use endpoint ", endpoint, ". This ", who, " can only use endpoints=",
	_names(entries), ". Tried to access ", model.requested,
])

_names(names) := concat("", ["[", concat(", ", [concat("", ["\"", name, "\""]) | some name in names]), "]"])
