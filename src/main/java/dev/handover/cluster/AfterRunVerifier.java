package dev.handover.cluster;

import dev.handover.core.FailoverTransport;

/**
 * The capability of a backend to observe the topology after a commit, offered by
 * {@link ClusterConnection#afterRunVerifier()}. The simulator does without: its roles are its own state.
 */
@FunctionalInterface
public interface AfterRunVerifier {

    /**
     * What the commit did, what is left by hand, and the checks of the topology under {@code newTerm},
     * read from the nodes. May wait (bounded) for standbys to follow. Never throws: what could not be
     * checked is a failed check ({@link AfterRun#couldNotVerify}).
     *
     * @param tx the transport the run used, as {@link ClusterConnection#transportFor} gave it
     */
    AfterRun verify(FailoverTransport tx, long newTerm);
}
