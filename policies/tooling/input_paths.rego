# METADATA
# title: Input paths a bundle reads
# description: |
#   Reads the abstract syntax trees of a bundle's modules (`opa parse --format json`, in
#   input.modules) and finds every path into `input` that any rule, function or import
#   reads. A reference such as input.model.requested reads the path ["model", "requested"];
#   one with a variable or number inside, such as input.models[i].name, reads the path up
#   to it (["models"]). `input` used as a whole value (passed to a function, iterated,
#   replaced by `with`) reads everything, the empty path.
#
#   The authz-service keys its decision cache on the input's values at these paths: two
#   inputs equal there get the same decision from the same bundle, so the list must never
#   leave out a path the policy can read. Annotations are skipped: their `schemas` name
#   `input` without reading it.
package tooling.input_paths

# METADATA
# title: Paths read
# description: Every path read, before paths covered by a shorter one are dropped.
paths contains path if {
	some module in input.modules
	walk(module, [at, node])
	not "annotations" in at
	node.type == "ref"
	node.value[0].type == "var"
	node.value[0].value == "input"
	path := _constant_prefix(array.slice(node.value, 1, count(node.value)))
}

paths contains [] if {
	some module in input.modules
	walk(module, [at, node])
	not "annotations" in at
	node.type == "var"
	node.value == "input"
	not _reference_head(module, at)
}

# METADATA
# title: Input paths
# description: |
#   The paths read, sorted, without those a shorter path already covers; [[]] when the
#   policy may read any part of the input.
input_paths := sort([path | some path in paths; not _covered(path)])

# METADATA
# title: Manifest
# description: input.manifest with input_paths added under metadata.llmgw.
manifest := object.union(input.manifest, {"metadata": {"llmgw": {"input_paths": input_paths}}})

_covered(path) if {
	some shorter in paths
	count(shorter) < count(path)
	array.slice(path, 0, count(shorter)) == shorter
}

# A term at `at` is the head of a reference when it is element 0 of a ref's value.
_reference_head(module, at) if {
	n := count(at)
	n >= 2
	at[n - 1] == 0
	at[n - 2] == "value"
	object.get(module, array.slice(at, 0, n - 2), {}).type == "ref"
}

_constant_prefix(terms) := [term.value | some term in array.slice(terms, 0, _first_non_string(terms))]

_first_non_string(terms) := min({i | some i, term in terms; term.type != "string"} | {count(terms)})
