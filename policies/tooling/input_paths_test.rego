package tooling.input_paths_test

import data.tooling.input_paths

# Terms and rules in the shape `opa parse --format json` writes them.
_var(name) := {"type": "var", "value": name}

_string(s) := {"type": "string", "value": s}

_ref(terms) := {"type": "ref", "value": terms}

_rule(terms) := {"body": [{"index": 0, "terms": terms}], "head": {"name": "r", "ref": [_var("r")]}}

_module(rules) := {"package": {"path": [_var("data"), _string("p")]}, "rules": rules}

_paths(rules) := paths if {
	paths := input_paths.input_paths with input as {"modules": [_module(rules)]}
}

test_input_paths_constant_reference_reads_its_path if {
	_paths([_rule(_ref([_var("input"), _string("model"), _string("requested")]))]) == [["model", "requested"]]
}

test_input_paths_variable_inside_a_reference_reads_the_path_up_to_it if {
	ref := _ref([_var("input"), _string("models"), _var("i"), _string("name")])
	_paths([_rule(ref)]) == [["models"]]
}

test_input_paths_number_inside_a_reference_reads_the_path_up_to_it if {
	ref := _ref([_var("input"), _string("a"), _string("b"), {"type": "number", "value": 0}, _string("c")])
	_paths([_rule(ref)]) == [["a", "b"]]
}

test_input_paths_input_passed_whole_reads_everything if {
	call := [_ref([_var("f")]), _ref([_var("input")])]
	_paths([_rule(call), _rule(_ref([_var("input"), _string("model")]))]) == [[]]
}

test_input_paths_input_as_a_plain_variable_reads_everything if {
	_paths([_rule([_ref([_var("assign")]), _var("x"), _var("input")])]) == [[]]
}

test_input_paths_shorter_path_covers_longer_ones if {
	rules := [
		_rule(_ref([_var("input"), _string("principal"), _string("team_id")])),
		_rule(_ref([_var("input"), _string("principal")])),
		_rule(_ref([_var("input"), _string("model"), _string("hidden")])),
	]
	_paths(rules) == [["model", "hidden"], ["principal"]]
}

test_input_paths_other_roots_are_not_input if {
	_paths([_rule(_ref([_var("data"), _string("input")])), _rule(_ref([_var("inputs"), _string("a")]))]) == []
}

test_input_paths_annotations_are_not_reads if {
	schema := {"schemas": [{"path": [_var("input")], "definition": {"type": "object"}}], "scope": "rule"}
	rule := object.union(_rule({"type": "boolean", "value": true}), {"annotations": [schema]})
	module := object.union(_module([rule]), {"annotations": [schema]})
	input_paths.input_paths == [] with input as {"modules": [module]}
}

test_manifest_keeps_its_fields_and_metadata if {
	manifest := {"revision": "r1", "metadata": {"owner": "security"}}
	got := input_paths.manifest with input as {"modules": [], "manifest": manifest}
	got == {"revision": "r1", "metadata": {"owner": "security", "llmgw": {"input_paths": []}}}
}
