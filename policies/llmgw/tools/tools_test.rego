package llmgw.tools_test

import data.llmgw.tools

_team := {"key_id": "k", "team_id": "ml"}

_denied := [{"code": "tools_not_allowed", "message": "tool calling is not allowed for this key; send the request without tools"}]

test_denials_toolsOfferedByMatchingTeam_denied if {
	tools.denials(_team, 2, [{"match": {"teams": ["ml"]}}]) == _denied
}

test_denials_noTools_orOtherTeam_allowed if {
	tools.denials(_team, 0, [{"match": {"teams": ["ml"]}}]) == []
	tools.denials(_team, 3, [{"match": {"teams": ["other"]}}]) == []
	tools.denials(_team, 3, []) == []
	tools.denials(_team, null, [{"match": {}}]) == []
}

test_settings_faults_namesEntry if {
	tools.settings_faults([{"match": {"tems": []}}, 1]) == [
		"tools_denied[0].match.tems is not teams, keys, key_metadata or team_metadata",
		"tools_denied[1] must be an object",
	]
	tools.settings_faults("all") == ["tools_denied must be an array"]
}
