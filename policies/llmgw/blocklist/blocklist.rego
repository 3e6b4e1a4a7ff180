# METADATA
# title: Organisation block list
# description: |
#   Models and providers nobody may call, whatever their grants say. The list lives in
#   data.llmgw.settings.block_list. It is matched against both the requested and the
#   resolved name in either alias-boundary mode, so an alias cannot be used to reach a
#   blocked upstream model.
# custom:
#   codes:
#     - model_blocked
#     - provider_blocked
package llmgw.blocklist

import data.llmgw.patterns

# METADATA
# title: Block reasons
# description: |
#   The deny reasons the block list gives for `model`, `model_blocked` before
#   `provider_blocked`; empty when nothing blocks it. `block_list` is
#   {"models": [entry], "providers": [name]}; a missing list blocks nothing.
#   - model_blocked: an entry of block_list.models (exact name, prefix pattern or `*`)
#     covers model.requested or model.resolved.
#   - provider_blocked: model.provider is in block_list.providers, or the requested or
#     resolved name starts with `<provider>/` for a blocked provider.
# custom:
#   codes:
#     - model_blocked
#     - provider_blocked
reasons(model, block_list) := array.concat(
	_model_reasons(model, object.get(block_list, "models", [])),
	_provider_reasons(model, object.get(block_list, "providers", [])),
)

_model_reasons(model, blocked) := [{
	"code": "model_blocked",
	"message": concat("", ["model blocked by the organisation's block list. Tried to access ", model.requested]),
}] if {
	some entry in blocked
	some name in [model.requested, model.resolved]
	patterns.covers(entry, name)
} else := []

_provider_reasons(model, blocked) := [{
	"code": "provider_blocked",
	"message": concat("", ["provider blocked by the organisation's block list. Tried to access ", model.requested]),
}] if {
	some provider in blocked
	provider != ""
	_from_provider(model, provider)
} else := []

_from_provider(model, provider) if model.provider == provider

_from_provider(model, provider) if {
	some name in [model.requested, model.resolved]
	startswith(name, concat("", [provider, "/"]))
}
