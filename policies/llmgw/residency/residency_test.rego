package llmgw.residency_test

import data.llmgw.residency

_eu_key := {"key_id": "k", "team_id": "", "metadata": {"region": "eu"}}

_rules := [{"match": {"key_metadata": {"region": "eu"}}, "tags": ["eu"]}]

test_denials_euKeyOnUsDeployment_denied if {
	residency.denials(_eu_key, {"requested": "m", "tags": ["us"]}, _rules) == [{
		"code": "residency_denied",
		"message": "this key may only use deployments tagged [eu]; no such deployment serves m",
	}]
}

test_denials_euKeyOnEuDeployment_orOtherKey_allowed if {
	residency.denials(_eu_key, {"requested": "m", "tags": ["gpu", "eu"]}, _rules) == []
	residency.denials({"key_id": "k", "team_id": "", "metadata": {}}, {"requested": "m", "tags": []}, _rules) == []
	residency.denials(_eu_key, {"requested": "m", "tags": []}, []) == []
}

test_settings_faults_namesEntry if {
	residency.settings_faults([{"match": {}, "tags": []}, {"tags": ["eu"]}]) == ["residency[0].tags must be a non-empty array of strings"]
	residency.settings_faults({}) == ["residency must be an array"]
	residency.settings_faults([7]) == ["residency[0] must be an object"]
}
