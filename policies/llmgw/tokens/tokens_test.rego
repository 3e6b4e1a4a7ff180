package llmgw.tokens_test

import data.llmgw.tokens

_dev := {"key_id": "k", "team_id": "", "metadata": {"env": "dev"}}

test_cap_smallestMatchingWins if {
	tokens.cap(_dev, [
		{"match": {"key_metadata": {"env": "dev"}}, "max_output_tokens": 1024},
		{"match": {}, "max_output_tokens": 4096},
		{"match": {"key_metadata": {"env": "prod"}}, "max_output_tokens": 16},
	]) == 1024
}

test_cap_noneMatching_undefined if {
	not tokens.cap(_dev, [{"match": {"keys": ["other"]}, "max_output_tokens": 1}])
	not tokens.cap(_dev, [])
}

test_settings_faults_namesEntry if {
	tokens.settings_faults([{"max_output_tokens": 0}, "x", {"match": {"team": 1}, "max_output_tokens": 2.5}]) == [
		"token_caps[0].max_output_tokens must be a whole number of at least 1",
		"token_caps[1] must be an object",
		"token_caps[2].match.team is not teams, keys, key_metadata or team_metadata",
		"token_caps[2].max_output_tokens must be a whole number of at least 1",
	]
	tokens.settings_faults({}) == ["token_caps must be an array"]
	tokens.settings_faults([{"max_output_tokens": 5}]) == []
}
