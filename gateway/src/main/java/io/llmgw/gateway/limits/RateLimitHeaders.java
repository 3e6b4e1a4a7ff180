package io.llmgw.gateway.limits;

import io.llmgw.gateway.authz.CallConditions;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code x-ratelimit-limit-*}, {@code x-ratelimit-remaining-*} and
 * {@code x-ratelimit-reset-*} headers, for requests and tokens, as OpenAI's API sends them
 * (resets as durations such as {@code 1s}, {@code 6m0s}, {@code 20ms}). With several limits,
 * each header reports the one with the least room left.
 */
final class RateLimitHeaders {

    /** One limit's state for the headers. */
    record State(CallConditions.Limit limit, LimitStore.Counts counts, Duration reset) {}

    private RateLimitHeaders() {}

    static Map<String, String> of(List<State> states) {
        Map<String, String> headers = new LinkedHashMap<>();
        put(headers, "requests", states.stream().filter(s -> s.limit().requests() > 0)
                .min(Comparator.comparingLong(s -> s.limit().requests() - s.counts().requests())).orElse(null), true);
        put(headers, "tokens", states.stream().filter(s -> s.limit().tokens() > 0)
                .min(Comparator.comparingLong(s -> s.limit().tokens() - s.counts().tokens())).orElse(null), false);
        return headers;
    }

    private static void put(Map<String, String> headers, String kind, State state, boolean requests) {
        if (state == null) {
            return;
        }
        long limit = requests ? state.limit().requests() : state.limit().tokens();
        long used = requests ? state.counts().requests() : state.counts().tokens();
        headers.put("x-ratelimit-limit-" + kind, Long.toString(limit));
        headers.put("x-ratelimit-remaining-" + kind, Long.toString(Math.max(0, limit - used)));
        headers.put("x-ratelimit-reset-" + kind, format(state.reset()));
    }

    /** OpenAI's reset format: {@code 1h2m3s}, {@code 6m0s}, {@code 1s}, {@code 20ms}. */
    static String format(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long seconds = (d.toMillis() + 999) / 1000;
        long h = seconds / 3600;
        long m = (seconds % 3600) / 60;
        long s = seconds % 60;
        return (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + s + "s";
    }
}
