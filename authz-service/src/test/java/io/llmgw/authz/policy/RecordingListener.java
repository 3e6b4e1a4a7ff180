package io.llmgw.authz.policy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bundle listener that records what it is told, for tests. */
final class RecordingListener implements BundleListener {

    /** Revisions that went live, in order. */
    final List<String> loaded = new CopyOnWriteArrayList<>();
    /** Reasons bundles were rejected, in order. */
    final List<String> rejected = new CopyOnWriteArrayList<>();

    @Override
    public void loaded(String revision) {
        loaded.add(revision);
    }

    @Override
    public void rejected(String reason) {
        rejected.add(reason);
    }
}
