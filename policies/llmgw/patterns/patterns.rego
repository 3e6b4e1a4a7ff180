# METADATA
# title: Model name patterns
# description: |
#   How one entry of a grant list or of the block list is compared with one model name.
#   An entry is an exact name (`gpt-4o`), a prefix pattern ending in `*` (`openai/*`,
#   `bedrock/us.*`, `bedrock/claude-3-5-*`) or `*` alone (every model). Only a trailing `*`
#   is a wildcard; it stands for any characters, `/` included. Comparison is exact and
#   case-sensitive: the gateway's catalog has already mapped the client's name to a known
#   model, so there is no second spelling to normalise.
package llmgw.patterns

# METADATA
# title: Entry covers name
# description: |
#   True when `entry` names `name`: the same string, or a pattern whose text before the
#   trailing `*` is a prefix of `name`. A pattern covers only names on its own prefix:
#   `openai/*` covers `openai/gpt-4o` but not `openaiz/x`. An empty name is never covered.
covers(entry, name) if {
	_named(name)
	entry == name
}

covers(entry, name) if {
	_named(name)
	endswith(entry, "*")
	startswith(name, trim_suffix(entry, "*"))
}

_named(name) if {
	is_string(name)
	name != ""
}
