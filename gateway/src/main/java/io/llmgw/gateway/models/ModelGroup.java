package io.llmgw.gateway.models;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The deployments that share one {@code model_name}, exact or wildcard, chosen round robin.
 * A wildcard name holds one {@code *}; the part of the requested name it matches replaces the
 * {@code *} of a deployment's upstream model. Deployments the gateway cannot call take no
 * turn while the group has one it can; a group of only such deployments resolves to them (the
 * call is checked, then answered 501) and is not listed.
 */
final class ModelGroup {

    private final String name;
    private final boolean hidden;
    private final List<Deployment> deployments;
    private final boolean callable;
    private final int star;
    private final AtomicLong next = new AtomicLong();

    ModelGroup(String name, boolean hidden, List<Deployment> deployments) {
        if (deployments.isEmpty()) {
            throw new IllegalArgumentException("model group " + name + " has no deployment");
        }
        this.name = name;
        this.hidden = hidden;
        List<Deployment> callable = deployments.stream().filter(Deployment::callable).toList();
        this.callable = !callable.isEmpty();
        this.deployments = this.callable ? callable : List.copyOf(deployments);
        this.star = name.indexOf('*');
    }

    String name() {
        return name;
    }

    boolean hidden() {
        return hidden;
    }

    /** Whether a call to this group can be sent anywhere. */
    boolean callable() {
        return callable;
    }

    boolean isWildcard() {
        return star >= 0;
    }

    /** Literal characters of the name: the more, the more specific a wildcard is. */
    int specificity() {
        return isWildcard() ? name.length() - 1 : Integer.MAX_VALUE;
    }

    /** The part of {@code requested} the {@code *} stands for, or empty when it does not match. */
    Optional<String> match(String requested) {
        if (!isWildcard()) {
            return name.equals(requested) ? Optional.of("") : Optional.empty();
        }
        String prefix = name.substring(0, star);
        String suffix = name.substring(star + 1);
        if (requested.length() <= prefix.length() + suffix.length()
                || !requested.startsWith(prefix) || !requested.endsWith(suffix)) {
            return Optional.empty();
        }
        return Optional.of(requested.substring(prefix.length(), requested.length() - suffix.length()));
    }

    /**
     * Resolves {@code requested}; {@code captured} fills the {@code *} of a wildcard. Only a
     * call advances the round robin; a lookup sees the deployment the next call would get.
     */
    ModelResolution resolve(String requested, String captured, boolean hiddenName, boolean advance) {
        long turn = advance ? next.getAndIncrement() : next.get();
        Deployment d = deployments.get((int) Math.floorMod(turn, (long) deployments.size()));
        List<Candidate> candidates = deployments.stream()
                .map(each -> new Candidate(each, each.model().replace("*", captured))).toList();
        return new ModelResolution(requested, d.model().replace("*", captured), d, hiddenName, candidates);
    }
}
