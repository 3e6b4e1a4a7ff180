package llmgw.headers_test

import data.llmgw.headers

_ml := {"key_id": "k", "team_id": "ml", "metadata": {}}

test_headers_matchingEntriesMerged_laterWins if {
	headers.headers(_ml, [
		{"match": {"teams": ["ml"]}, "headers": {"x-llmgw-team": "ml", "x-llmgw-project": "a"}},
		{"match": {"teams": ["other"]}, "headers": {"x-llmgw-team": "other"}},
		{"match": {}, "headers": {"x-llmgw-project": "b"}},
	]) == {"x-llmgw-team": "ml", "x-llmgw-project": "b"}
}

test_headers_noneMatching_empty if {
	headers.headers(_ml, [{"match": {"keys": ["other"]}, "headers": {"x-a": "1"}}]) == {}
	headers.headers(_ml, []) == {}
}

test_settings_faults_namesEntry if {
	headers.settings_faults([{"headers": {"X-Upper": "1"}}, 3, {"headers": {"x-a": 1}}, {"match": {}}]) == [
		"upstream_headers[0].headers must be an object of lower-case header names to strings",
		"upstream_headers[1] must be an object",
		"upstream_headers[2].headers must be an object of lower-case header names to strings",
		"upstream_headers[3].headers must be an object of lower-case header names to strings",
	]
	headers.settings_faults({}) == ["upstream_headers must be an array"]
	headers.settings_faults([{"match": {"teams": ["ml"]}, "headers": {"x-llmgw-team": "ml"}}]) == []
}
