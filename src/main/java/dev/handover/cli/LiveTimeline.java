package dev.handover.cli;

import dev.handover.journal.EventWords;
import dev.handover.cluster.ForceLoss;
import dev.handover.cluster.ForceLossText;
import dev.handover.cluster.Positions;
import dev.handover.core.FailoverRequest;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The run's timeline, each event said once, in the order it came, on the run's one clock (time since the run
 * began): printed as the events come during a run, so a commit that waits is seen waiting and its steps fall
 * between "writes frozen" and "committed", not before them. Polls are folded into one line a stretch, said when
 * the stretch ends (the next event, or {@link #finish()}). What a force prompt was asked is said under the
 * approval's answer, where it is known by then.
 */
final class LiveTimeline implements HandoverListener {
    private final PrintStream out;
    private final String primary;
    private final String target;
    private final Positions positions;
    private final Supplier<Optional<ForceLoss>> asked;
    private final List<HandoverEvent.Polled> polls = new ArrayList<>();
    private final Set<String> stepsSaid = new LinkedHashSet<>();
    private boolean awaiting;

    LiveTimeline(PrintStream out, FailoverRequest req, Positions positions, Supplier<Optional<ForceLoss>> asked) {
        this.out = out;
        this.primary = req.oldPrimary().id();
        this.target = req.target().id();
        this.positions = positions;
        this.asked = asked;
    }

    @Override
    public synchronized void on(HandoverEvent e) {
        if (e instanceof HandoverEvent.Polled p) {
            polls.add(p);
            return;
        }
        flushPolls();
        if (awaiting) {
            // Asked while the coordinator waited for the answer: known now, said before the answer.
            awaiting = false;
            asked.get().ifPresent(loss -> ForceLossText.lines(loss).forEach(l -> out.println("             " + l)));
        }
        if (e instanceof HandoverEvent.CommitStep c) {
            stepsSaid.add(c.step());
        }
        RunPrinter.line(out, e.at(), EventWords.of(e, primary, target, positions));
        awaiting = e instanceof HandoverEvent.AwaitingApproval;
        out.flush();
    }

    /** The last stretch of polls, and what was asked when no answer followed; call once the run is over. */
    synchronized void finish() {
        flushPolls();
        if (awaiting) {
            awaiting = false;
            asked.get().ifPresent(loss -> ForceLossText.lines(loss).forEach(l -> out.println("             " + l)));
        }
        out.flush();
    }

    /** The commit's steps this timeline said (by their words), so the outcome does not say them again. */
    synchronized Set<String> stepsSaid() {
        return Set.copyOf(stepsSaid);
    }

    private void flushPolls() {
        if (polls.isEmpty()) {
            return;
        }
        HandoverEvent.Polled last = polls.get(polls.size() - 1);
        RunPrinter.line(out, last.at(), EventWords.polls(polls.size(), target, last.reachedLsn(), last.frontierLsn(),
                positions));
        polls.clear();
        out.flush();
    }
}
