# METADATA
# title: Image input
# description: |
#   Which models may be sent images, from data.llmgw.settings.image_input:
#   {"models": [name or pattern]}. Off when image_input is absent: then any model may be
#   sent images. When on, a call whose messages hold an image part is denied with
#   `image_input_not_allowed` unless an entry covers the requested or the resolved name.
# custom:
#   codes:
#     - image_input_not_allowed
package llmgw.media

import data.llmgw.patterns
import data.llmgw.selectors

# METADATA
# title: Image denials
# description: |
#   [image_input_not_allowed] when `has_images` (input.request.params.has_images) is true,
#   `image_input` is set and none of its models covers `model`; empty otherwise.
# custom:
#   codes:
#     - image_input_not_allowed
denials(model, has_images, image_input) := [] if {
	not has_images == true
} else := [] if {
	image_input == null
} else := [] if {
	some entry in object.get(image_input, "models", [])
	some name in [model.requested, model.resolved]
	patterns.covers(entry, name)
} else := [{
	"code": "image_input_not_allowed",
	"message": concat("", ["image input is not allowed for model ", model.requested]),
}]

# METADATA
# title: Configured denials
# description: The image denials under the settings' image_input.
configured_denials(model, has_images) := denials(model, has_images, selectors.setting("image_input", null))

# METADATA
# title: Settings faults
# description: What is wrong with image_input; empty when well formed (or absent).
settings_faults(image_input) := [] if {
	image_input == null
} else := [] if {
	is_object(image_input)
	object.keys(image_input) == {"models"}
	is_array(image_input.models)
	every m in image_input.models {
		is_string(m)
	}
} else := ["image_input must be {\"models\": [model name or pattern]}"]
