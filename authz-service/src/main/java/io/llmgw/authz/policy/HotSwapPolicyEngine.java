package io.llmgw.authz.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Serves the policy from a bundle file and swaps in a new engine when the file's content
 * changes.
 *
 * <p>Each evaluation reads the current engine once and finishes on it, so checks in flight
 * during a swap complete on the old policy and none fails. A new bundle is fully loaded,
 * warmed and {@linkplain BundleValidation validated} (revision, sample inputs) before it goes
 * live; a bad one ({@value BundleException#CODE}) is logged and reported while the last good
 * bundle stays live. Any other failure while loading is reported the same way: nothing that
 * goes wrong with one bundle file stops the watcher or takes the live policy away. Changes
 * are found by the SHA-256 of the file's bytes, not its modification time, so a replacement
 * within the same second (or one that keeps the time) is still seen; a bundle is loaded from
 * exactly the bytes hashed. Until a first good bundle loads, evaluations throw
 * {@link PolicyUnavailableException}.
 */
public final class HotSwapPolicyEngine implements PolicyEngine {

    private static final Logger LOG = Logger.getLogger(HotSwapPolicyEngine.class.getName());

    private final Path bundlePath;
    private final Entrypoints entrypoints;
    private final Function<PolicyBundle, PolicyEngine> engineFactory;
    private final BundleListener listener;
    private final Role role;
    private final AtomicReference<PolicyEngine> current = new AtomicReference<>();
    private final ScheduledExecutorService watcher;
    /** Hash of the bytes last tried, loaded or rejected: each content is tried once. */
    private String lastHash;
    /** The last problem reading the file, reported once until it changes. */
    private String lastReadProblem;

    /**
     * What the engine's bundle is to the service, as its log lines name it: the live policy, or a
     * shadow candidate that never answers a check (so its lines never say "live").
     */
    public enum Role {
        LIVE("policy bundle", "is live", "stays live"),
        SHADOW_CANDIDATE("shadow candidate bundle", "is the shadow candidate (live answers come from the live bundle)",
                "stays the shadow candidate");

        private final String noun;
        private final String inUse;
        private final String kept;

        Role(String noun, String inUse, String kept) {
            this.noun = noun;
            this.inUse = inUse;
            this.kept = kept;
        }
    }

    /**
     * Loads the live bundle now (a failure is reported, not thrown) and then checks the file for
     * changes every {@code pollInterval}.
     */
    public HotSwapPolicyEngine(Path bundlePath, Duration pollInterval, Entrypoints entrypoints,
            Function<PolicyBundle, PolicyEngine> engineFactory, BundleListener listener) {
        this(bundlePath, pollInterval, entrypoints, engineFactory, listener, Role.LIVE);
    }

    /** As the other constructor, for a bundle in the given {@code role}. */
    public HotSwapPolicyEngine(Path bundlePath, Duration pollInterval, Entrypoints entrypoints,
            Function<PolicyBundle, PolicyEngine> engineFactory, BundleListener listener, Role role) {
        this.role = Objects.requireNonNull(role, "role");
        this.bundlePath = Objects.requireNonNull(bundlePath, "bundlePath");
        this.entrypoints = Objects.requireNonNull(entrypoints, "entrypoints");
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

    /**
     * Loads the bundle file if its content changed since the last attempt. Never throws: a
     * scheduled task that throws is never run again.
     */
    synchronized void reloadIfChanged() {
        try {
            byte[] bytes = readBundleFile();
            if (bytes == null) {
                return;
            }
            String hash = sha256(bytes);
            if (hash.equals(lastHash)) {
                return;
            }
            lastHash = hash;
            load(bytes);
        } catch (Throwable e) {
            // A defect or a resource failure (out of memory, a linkage error in the module
            // compiler): the bundle is rejected like any bad one, the watcher goes on.
            LOG.log(Level.SEVERE, BundleException.CODE + ": loading " + bundlePath + " failed unexpectedly", e);
            reject("loading " + role.noun + " " + bundlePath + " failed unexpectedly: " + e);
        }
    }

    /** The file's bytes, or null when it cannot be read now (reported once per distinct problem). */
    private byte[] readBundleFile() {
        try {
            byte[] bytes = Files.readAllBytes(bundlePath);
            lastReadProblem = null;
            return bytes;
        } catch (IOException e) {
            String problem = e instanceof NoSuchFileException ? "does not exist (deleted or moved away)"
                    : "cannot be read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            if (!problem.equals(lastReadProblem)) {
                lastReadProblem = problem;
                if (current.get() == null) {
                    reject("cannot read " + role.noun + " " + bundlePath + ": it " + problem);
                } else {
                    LOG.warning(() -> role.noun + " " + bundlePath + " " + problem + "; revision "
                            + current.get().revision() + " " + role.kept + " until a new bundle appears there");
                }
            }
            // Whatever comes back next, even the same bytes, is looked at again.
            lastHash = null;
            return null;
        }
    }

    private void load(byte[] bytes) {
        PolicyEngine next = null;
        try {
            PolicyBundle bundle = PolicyBundle.read(new ByteArrayInputStream(bytes), bundlePath.toString());
            next = engineFactory.apply(bundle);
            BundleValidation.validate(bundle, next, entrypoints);
        } catch (BundleException e) {
            if (next != null) {
                next.close();
            }
            reject(e.getMessage());
            return;
        } catch (RuntimeException | Error e) {
            if (next != null) {
                next.close();
            }
            throw e;
        }
        PolicyEngine live = next;
        if (current.get() != null && current.get().revision().equals(live.revision())) {
            LOG.info(() -> role.noun + " " + bundlePath + " changed but keeps revision " + live.revision()
                    + "; serving the new file");
        }
        PolicyEngine previous = current.getAndSet(live);
        // Report the new revision first: once a check has been decided by it, the
        // revision metric must already say so, and logging or closing can take a while.
        listener.loaded(live.revision());
        if (previous != null) {
            previous.close();
        }
        LOG.info(() -> role.noun + " revision " + live.revision() + " " + role.inUse + " (" + bundlePath + ")");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private void reject(String reason) {
        String kept = current.get() == null ? "no policy is loaded" : "revision " + current.get().revision()
                + " " + role.kept;
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
