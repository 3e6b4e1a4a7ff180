# METADATA
# title: Model grants
# description: |
#   Whether a list of grants (a key's or a team's) covers a model. A grant is an exact
#   model name, a prefix pattern (see llmgw.patterns), `*` for every model, or the name of
#   an access group. An empty list grants nothing.
#
#   Alias awareness: the gateway resolves the name the client sent (`requested`) to an
#   upstream model (`resolved`). By default a grant covers the model when it covers either
#   name, so a key granted exactly the alias it sees in /v1/models may call it. With the
#   alias boundary on, only the requested name counts, and facts about the upstream
#   model (its name, its provider) no longer grant the alias.
package llmgw.grants

import data.llmgw.patterns

# METADATA
# title: Grants cover model
# description: |
#   True when some grant in `grants` covers `model`:
#   - a grant naming or matching model.requested;
#   - a grant equal to one of model.access_groups (the groups of the chosen deployment);
#   - unless `alias_boundary` is true: a grant naming or matching model.resolved, or a
#     `<provider>/*` grant where `<provider>` is model.provider.
covers(grants, model, _) if {
	some grant in grants
	patterns.covers(grant, model.requested)
}

covers(grants, model, _) if {
	some grant in grants
	grant != ""
	grant in model.access_groups
}

covers(grants, model, false) if {
	some grant in grants
	patterns.covers(grant, model.resolved)
}

covers(grants, model, false) if {
	model.provider != ""
	concat("", [model.provider, "/*"]) in grants
}
