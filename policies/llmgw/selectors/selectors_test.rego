package llmgw.selectors_test

import data.llmgw.selectors

_alice := {"key_id": "alice", "team_id": "ml", "metadata": {"env": "dev"}, "team_metadata": {"region": "eu"}}

test_matches_emptyMatch_everyone if {
	selectors.matches(_alice, {})
}

test_matches_everyCondition_mustHold if {
	selectors.matches(_alice, {"teams": ["ml"], "keys": ["alice"], "key_metadata": {"env": "dev"}, "team_metadata": {"region": "eu"}})
	not selectors.matches(_alice, {"teams": ["ml"], "key_metadata": {"env": "prod"}})
	not selectors.matches(_alice, {"keys": ["bob"]})
	not selectors.matches(_alice, {"team_metadata": {"region": "us"}})
}

test_matches_principalMalformed_false if {
	selectors.matches(null, {}) == false
	selectors.matches({"key_id": "a"}, {"teams": ["ml"]}) == false
}

test_faults_unknownKey_named if {
	selectors.faults("x.match", {"team": ["ml"]}) == ["x.match.team is not teams, keys, key_metadata or team_metadata"]
	selectors.faults("x.match", 3) == ["x.match must be an object"]
	selectors.faults("x.match", {"teams": []}) == []
}
