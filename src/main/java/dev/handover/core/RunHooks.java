package dev.handover.core;

import java.util.Objects;
import java.util.Optional;

/**
 * What a caller plugs into one run beyond the reference: a listener for progress, an optional
 * force-approval prompt, and the operator's Abort. {@link #none()} gives the reference's behaviour.
 */
public record RunHooks(HandoverListener listener, Optional<ForceApproval> approval, Cancellation cancellation) {

    public RunHooks {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    public static RunHooks none() {
        return new RunHooks(HandoverListener.NONE, Optional.empty(), new Cancellation());
    }

    public RunHooks withListener(HandoverListener l) {
        return new RunHooks(l, approval, cancellation);
    }

    public RunHooks withApproval(ForceApproval a) {
        return new RunHooks(listener, Optional.of(a), cancellation);
    }

    public RunHooks withCancellation(Cancellation c) {
        return new RunHooks(listener, approval, c);
    }
}
