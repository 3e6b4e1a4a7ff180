package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the policy from a bundle file and swaps in a new engine when the file changes.
 *
 * <p>Each evaluation reads the current engine once and finishes on it, so checks in flight
 * during a swap complete on the old policy and none fails. A new bundle is fully loaded and
 * warmed before it goes live; a bad one ({@value BundleException#CODE}) is logged and
 * reported while the last good bundle stays live. Until a first good bundle loads,
 * evaluations throw {@link PolicyUnavailableException}.
 */
public final class HotSwapPolicyEngine implements PolicyEngine {

    private static final Logger LOG = Logger.getLogger(HotSwapPolicyEngine.class.getName());

    private final Path bundlePath;
    private final Function<PolicyBundle, PolicyEngine> engineFactory;
    private final BundleListener listener;
    private final AtomicReference<PolicyEngine> current = new AtomicReference<>();
    private final ScheduledExecutorService watcher;
    private FileTime lastSeen;

    /**
     * Loads the bundle now (a failure is reported, not thrown) and then checks the file for
     * changes every {@code pollInterval}.
     */
    public HotSwapPolicyEngine(Path bundlePath, Duration pollInterval, Function<PolicyBundle, PolicyEngine> engineFactory,
            BundleListener listener) {
        this.bundlePath = Objects.requireNonNull(bundlePath, "bundlePath");
        this.engineFactory = Objects.requireNonNull(engineFactory, "engineFactory");
        this.listener = Objects.requireNonNull(listener, "listener");
        reloadIfChanged();
        this.watcher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("bundle-watcher")
                .factory());
        watcher.scheduleWithFixedDelay(this::reloadIfChanged, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** True once a valid bundle is live. */
    public boolean ready() {
        return current.get() != null;
    }

    /** Loads the bundle file if its modification time changed since the last attempt. */
    synchronized void reloadIfChanged() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(bundlePath);
        } catch (IOException e) {
            if (lastSeen == null && current.get() == null) {
                reject("cannot read policy bundle " + bundlePath + ": " + e);
                lastSeen = FileTime.fromMillis(0);
            }
            return;
        }
        if (modified.equals(lastSeen)) {
            return;
        }
        lastSeen = modified;
        try {
            PolicyEngine next = engineFactory.apply(PolicyBundle.read(bundlePath));
            PolicyEngine previous = current.getAndSet(next);
            // Report the new revision first: once a check has been decided by it, the
            // revision metric must already say so, and logging or closing can take a while.
            listener.loaded(next.revision());
            if (previous != null) {
                previous.close();
            }
            LOG.info(() -> "policy bundle revision " + next.revision() + " is live (" + bundlePath + ")");
        } catch (BundleException e) {
            reject(e.getMessage());
        }
    }

    private void reject(String reason) {
        String kept = current.get() == null ? "no policy is loaded" : "revision " + current.get().revision()
                + " stays live";
        LOG.log(Level.SEVERE, () -> BundleException.CODE + ": " + reason + "; " + kept);
        listener.rejected(reason);
    }

    private PolicyEngine live() {
        PolicyEngine engine = current.get();
        if (engine == null) {
            throw new PolicyUnavailableException("no valid policy bundle is loaded from " + bundlePath);
        }
        return engine;
    }

    @Override
    public Evaluation evaluate(JsonNode input) {
        return live().evaluate(input);
    }

    @Override
    public Listing listAllowed(JsonNode input) {
        return live().listAllowed(input);
    }

    @Override
    public String revision() {
        PolicyEngine engine = current.get();
        return engine == null ? "" : engine.revision();
    }

    @Override
    public void close() {
        watcher.shutdownNow();
        PolicyEngine engine = current.getAndSet(null);
        if (engine != null) {
            engine.close();
        }
    }
}
