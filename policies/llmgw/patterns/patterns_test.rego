package llmgw.patterns_test

import data.llmgw.patterns

# [entry, name, covered]
_covers_cases := [
	["gpt-4o", "gpt-4o", true],
	["gpt-4o", "gpt-4o-mini", false],
	["gpt-4o-mini", "gpt-4o", false],
	["GPT-4o", "gpt-4o", false],
	["openai/*", "openai/gpt-4o", true],
	["openai/*", "openai/ft:gpt-4o:acme/extra", true],
	["openai/*", "openaiz/x", false],
	["openai/*", "openai", false],
	["openai/*", "azure/openai/gpt-4o", false],
	["bedrock/us.*", "bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0", true],
	["bedrock/us.*", "bedrock/eu.anthropic.claude-3-5-sonnet-20240620-v1:0", false],
	["bedrock/us.*", "bedrock/usx.model", false],
	["bedrock/claude-3-5-*", "bedrock/claude-3-5-haiku-20241022", true],
	["bedrock/claude-3-5-*", "bedrock/claude-3-haiku-20240307", false],
	["*", "anthropic/claude-sonnet-4", true],
	["*", "", false],
	["", "", false],
	["gpt-4o", null, false],
	["*", 42, false],
	["openai/*/mini", "openai/gpt-4o/mini", false],
	["openai/*/mini", "openai/*/mini", true],
]

test_covers_namesPatternsAndStar if {
	wrong := [c | some c in _covers_cases; _covered(c[0], c[1]) != c[2]]
	print("entries covering wrongly:", wrong)
	wrong == []
}

_covered(entry, name) if patterns.covers(entry, name)

else := false
