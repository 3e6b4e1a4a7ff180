package io.llmgw.authz.tools;

/** Why a log line was not replayed; each is counted and reported with line numbers. */
enum Problem {
    NOT_JSON("not JSON"),
    TRUNCATED("truncated (the last line has no newline and does not parse)"),
    NOT_AN_EVENT("JSON, but not a decision event (needs decision_id, path, input and result)"),
    LISTING("a listing (llmgw/authz/allowed_models): replay compares decisions only"),
    OTHER_ENTRYPOINT("an event of another entrypoint"),
    INVALID_INPUT("an input the service's mapping cannot produce"),
    INVALID_RESULT("a logged result that is not a decision document"),
    EVALUATION_FAILED("the candidate failed to evaluate it"),
    UNREADABLE("unreadable source (missing file, truncated gzip, I/O error)");

    private final String description;

    Problem(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
