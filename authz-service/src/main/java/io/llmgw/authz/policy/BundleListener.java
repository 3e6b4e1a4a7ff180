package io.llmgw.authz.policy;

/** Told when a bundle goes live or is rejected, e.g. to update health and metrics. */
public interface BundleListener {

    /** A bundle with {@code revision} is now serving every new evaluation. */
    void loaded(String revision);

    /** A bundle was rejected (code {@value BundleException#CODE}); the previous one, if any, stays live. */
    void rejected(String reason);

    /** A listener that does nothing. */
    BundleListener NONE = new BundleListener() {
        @Override
        public void loaded(String revision) {}

        @Override
        public void rejected(String reason) {}
    };
}
