package llmgw.media_test

import data.llmgw.media

_model := {"requested": "vision", "resolved": "gpt-4o-2024"}

_denied := [{"code": "image_input_not_allowed", "message": "image input is not allowed for model vision"}]

test_denials_imagesToUnlistedModel_denied if {
	media.denials(_model, true, {"models": ["gpt-4o-mini"]}) == _denied
}

test_denials_listedByRequestedOrResolvedOrPattern_allowed if {
	media.denials(_model, true, {"models": ["vision"]}) == []
	media.denials(_model, true, {"models": ["gpt-4o-*"]}) == []
}

test_denials_offOrNoImages_allowed if {
	media.denials(_model, true, null) == []
	media.denials(_model, false, {"models": []}) == []
}

test_settings_faults_shape if {
	media.settings_faults(null) == []
	media.settings_faults({"models": ["a"]}) == []
	media.settings_faults({"models": "a"}) == ["image_input must be {\"models\": [model name or pattern]}"]
	media.settings_faults({"model": ["a"]}) == ["image_input must be {\"models\": [model name or pattern]}"]
}
