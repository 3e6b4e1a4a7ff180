# METADATA
# title: Model grants
# description: |
#   Whether a list of grants (a key's or a team's) covers a model. A grant is a model name
#   as clients send it, a prefix pattern (see llmgw.patterns), `*` or LiteLLM's
#   `all-proxy-models` for every model, the name of an access group, or a provider-qualified
#   upstream model (`openai/gpt-4o`, the catalog's `litellm_params.model`). LiteLLM's
#   `no-default-models` grants nothing by itself: only the list's other grants count. An
#   empty list grants nothing.
#
#   Alias awareness: the gateway resolves the name the client sent (`requested`) to an
#   upstream model (`resolved`) at a provider. A grant covers the model when it covers the
#   requested name, or (unless the alias boundary is on) the upstream model in its
#   provider-qualified form `<provider>/<resolved>`. A bare name never matches the upstream
#   side: when several providers serve an upstream model of one name (`openai/gpt-4o`,
#   `azure/gpt-4o`), a grant `gpt-4o` covers only what clients call `gpt-4o`, never every
#   provider's model of that name; grant `openai/gpt-4o` (or `openai/*`) for OpenAI's.
package llmgw.grants

import data.llmgw.patterns

# Grant words with a meaning of their own; never compared as model or group names.
_all_models := {"*", "all-proxy-models"}

_words := {"all-proxy-models", "no-default-models"}

# METADATA
# title: Grants cover model
# description: |
#   True when some grant in `grants` covers `model`:
#   - `*` or `all-proxy-models`;
#   - a grant naming or matching model.requested;
#   - a grant equal to one of model.access_groups (the groups of the chosen deployment);
#   - unless `alias_boundary` is true: a grant naming or matching `<provider>/<resolved>`
#     (so `openai/*` covers every model served by the provider `openai`), only when both
#     provider and resolved are non-empty.
#   `no-default-models` covers nothing.
covers(grants, _, _) if {
	some grant in grants
	grant in _all_models
}

covers(grants, model, _) if {
	some grant in grants
	not grant in _words
	patterns.covers(grant, model.requested)
}

covers(grants, model, _) if {
	some grant in grants
	grant != ""
	not grant in _words
	grant in model.access_groups
}

covers(grants, model, false) if {
	model.provider != ""
	model.resolved != ""
	upstream := concat("/", [model.provider, model.resolved])
	some grant in grants
	not grant in _words
	patterns.covers(grant, upstream)
}
