# METADATA
# title: Rate limits
# description: |
#   Budgets of requests and tokens per window, from data.llmgw.settings.rate_limits:
#   [{"name": "offhours", "match": {...}, "scope": "team", "requests": 60, "tokens": 0,
#     "per": "minute", "code": "rate_limited",
#     "outside_hours": {"start": 9, "end": 17, "weekdays": [1, 2, 3, 4, 5], "utc_offset_hours": 1}}].
#   Off when the list is empty or absent. A limit is an obligation: the gateway counts the
#   calls (and the tokens the upstream reports) of each bucket and answers 429 with the
#   code once one is spent. The bucket is "<name>:<scope>:<id>": one counter per team, key
#   or user, or one for everyone ("global"). With `outside_hours`, the limit applies only
#   outside the office hours it gives (local time = UTC + utc_offset_hours; weekdays 1 =
#   Monday .. 7 = Sunday). The wasm build cannot read a clock (time.* is not among its
#   builtins), so the time of day comes from the request time the gateway passes, as
#   input.request.clock {weekday, hour} in UTC, read to the hour so that the decision
#   cache key changes once an hour, not with every request.
# custom:
#   codes:
#     - rate_limited
package llmgw.ratelimits

import data.llmgw.selectors

# METADATA
# title: Limits
# description: The rate-limit obligations of `principal` at `weekday` and `hour` (UTC), in settings order.
limits(principal, rules, weekday, hour) := [limit |
	some rule in rules
	selectors.matches(principal, object.get(rule, "match", {}))
	_applies(object.get(rule, "outside_hours", null), weekday, hour)
	limit := {
		"bucket": concat(":", [rule.name, object.get(rule, "scope", "team"), _id(principal, object.get(rule, "scope", "team"))]),
		"requests": object.get(rule, "requests", 0),
		"tokens": object.get(rule, "tokens", 0),
		"per": rule.per,
		"code": object.get(rule, "code", "rate_limited"),
	}
]

# METADATA
# title: Configured limits
# description: The limits the settings' rate_limits give `principal` at `weekday` and `hour`.
configured_limits(principal, weekday, hour) := limits(principal, selectors.setting("rate_limits", []), weekday, hour)

# METADATA
# title: Settings faults
# description: What is wrong with rate_limits; empty when well formed.
settings_faults(rules) := ["rate_limits must be an array"] if {
	not is_array(rules)
} else := [concat("", ["rate_limits[", format_int(i, 10), "]", fault]) |
	some i, rule in rules
	some fault in _entry_faults(rule)
]

_entry_faults(rule) := [" must be an object"] if {
	not is_object(rule)
} else := array.concat(
	selectors.faults(".match", object.get(rule, "match", {})),
	[fault |
		some [fault, ok] in [
			[".name must be a non-empty string", _name(object.get(rule, "name", null))],
			[".scope must be team, key, user or global", object.get(rule, "scope", "team") in {"team", "key", "user", "global"}],
			[".per must be second, minute, hour or day", object.get(rule, "per", null) in {"second", "minute", "hour", "day"}],
			[".requests and .tokens must be whole numbers, one of them above 0", _budget(rule)],
			[
				".outside_hours must be {start, end, weekdays, utc_offset_hours} with hours 0-24 and an offset of -23 to 23",
				_hours(object.get(rule, "outside_hours", null)),
			],
		]
		not ok
	],
)

_name(n) if {
	is_string(n)
	n != ""
} else := false

_budget(rule) if {
	requests := object.get(rule, "requests", 0)
	tokens := object.get(rule, "tokens", 0)
	_count(requests)
	_count(tokens)
	requests + tokens > 0
} else := false

_count(n) if {
	is_number(n)
	n >= 0
	floor(n) == n
}

_hours(h) if {
	h == null
} else if {
	is_object(h)
	_hour(object.get(h, "start", 9))
	_hour(object.get(h, "end", 17))
	_offset(object.get(h, "utc_offset_hours", 0))
	every d in object.get(h, "weekdays", [1, 2, 3, 4, 5]) {
		d in {1, 2, 3, 4, 5, 6, 7}
	}
} else := false

_offset(n) if {
	is_number(n)
	abs(n) <= 23
	round(n) == n
}

_hour(n) if {
	_count(n)
	n <= 24
}

_id(principal, "team") := principal.team_id if principal.team_id != ""

_id(principal, "team") := concat(":", ["key", principal.key_id]) if principal.team_id == ""

_id(principal, "key") := principal.key_id

_id(principal, "user") := principal.user_id

_id(_, "global") := "all"

# No office hours given: the limit always applies.
_applies(office, weekday, hour) if {
	office == null
} else if {
	not _in_office(office, weekday, hour)
}

_in_office(office, weekday, hour) if {
	local := hour + object.get(office, "utc_offset_hours", 0)
	local_hour := _mod(local, 24)
	local_day := _mod((weekday - 1) + _day_shift(local), 7) + 1
	local_day in object.get(office, "weekdays", [1, 2, 3, 4, 5])
	local_hour >= object.get(office, "start", 9)
	local_hour < object.get(office, "end", 17)
}

_mod(a, b) := ((a % b) + b) % b

# Offsets are whole hours within a day either way, so local time is at most a day off.
# (Not floor(local / 24): floor rounds negative fractions towards zero.)
_day_shift(local) := -1 if {
	local < 0
} else := 1 if {
	local >= 24
} else := 0
