package llmgw.ratelimits_test

import data.llmgw.ratelimits

_team_key := {"key_id": "k1", "team_id": "ml", "user_id": "ann"}

_offhours := {
	"name": "offhours", "match": {"teams": ["ml"]}, "requests": 60, "per": "minute",
	"outside_hours": {"start": 9, "end": 17, "utc_offset_hours": 1},
}

_limit := {"bucket": "offhours:team:ml", "requests": 60, "tokens": 0, "per": "minute", "code": "rate_limited"}

# Tuesday 20:00 UTC is 21:00 in UTC+1: outside office hours.
test_limits_outsideOfficeHours_applies if {
	ratelimits.limits(_team_key, [_offhours], 2, 20) == [_limit]
}

# Tuesday 12:00 UTC is 13:00 in UTC+1: office hours, no limit.
test_limits_duringOfficeHours_none if {
	ratelimits.limits(_team_key, [_offhours], 2, 12) == []
}

# Friday 23:00 UTC is Saturday 00:00 in UTC+1: the weekend, so the limit applies.
test_limits_offsetCrossesIntoWeekend_applies if {
	ratelimits.limits(_team_key, [object.union(_offhours, {"outside_hours": {"start": 0, "end": 24, "utc_offset_hours": 1}})], 5, 23) == [_limit]
	ratelimits.limits(_team_key, [object.union(_offhours, {"outside_hours": {"start": 0, "end": 24, "utc_offset_hours": 1}})], 5, 21) == []
	ratelimits.limits(_team_key, [object.union(_offhours, {"outside_hours": {"start": 0, "end": 24, "utc_offset_hours": -3}})], 1, 1) == [_limit]
}

test_limits_scopes_nameTheirBucket if {
	rules := [
		{"name": "a", "scope": "key", "tokens": 1000, "per": "hour", "code": "token_budget"},
		{"name": "b", "scope": "user", "requests": 5, "per": "second"},
		{"name": "c", "scope": "global", "requests": 9, "per": "day"},
	]
	[l.bucket | some l in ratelimits.limits(_team_key, rules, 1, 1)] == ["a:key:k1", "b:user:ann", "c:global:all"]
	ratelimits.limits(_team_key, rules, 1, 1)[0] == {"bucket": "a:key:k1", "requests": 0, "tokens": 1000, "per": "hour", "code": "token_budget"}
}

test_limits_teamScopeWithoutTeam_countsPerKey if {
	ratelimits.limits({"key_id": "solo", "team_id": ""}, [{"name": "n", "requests": 1, "per": "minute"}], 1, 1)[0].bucket == "n:team:key:solo"
}

test_limits_otherTeam_none if {
	ratelimits.limits({"key_id": "k", "team_id": "other"}, [_offhours], 2, 20) == []
}

test_settings_faults_namesEntryAndField if {
	ratelimits.settings_faults([{"name": "", "scope": "org", "per": "week", "requests": -1, "outside_hours": {"start": 30}}]) == [
		"rate_limits[0].name must be a non-empty string",
		"rate_limits[0].scope must be team, key, user or global",
		"rate_limits[0].per must be second, minute, hour or day",
		"rate_limits[0].requests and .tokens must be whole numbers, one of them above 0",
		"rate_limits[0].outside_hours must be {start, end, weekdays, utc_offset_hours} with hours 0-24 and an offset of -23 to 23",
	]
	ratelimits.settings_faults([_offhours]) == []
	ratelimits.settings_faults(1) == ["rate_limits must be an array"]
	ratelimits.settings_faults(["x"]) == ["rate_limits[0] must be an object"]
}
