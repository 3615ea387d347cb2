package dev.handover.journal;

import dev.handover.core.FailoverTransport;
import dev.handover.core.ForwardingTransport;
import dev.handover.core.HandoverEvent;
import dev.handover.core.HandoverListener;
import dev.handover.core.TransportException;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One run being written to the journal, opened by {@link Journal#start}. As a {@link HandoverListener}
 * it appends each event the moment the coordinator emits it; {@link #watch} records the freeze and the
 * commit just before they are sent; {@link #finish} appends the whole report. Safe to use from the
 * coordinator thread while another thread reads the journal.
 */
public final class JournalRun implements HandoverListener {
    private final JournalFile file;
    private final String id;
    private final Clock clock;
    private final PollThinning polls;
    private final long opened = System.nanoTime();
    private IOException failure;
    private boolean finished;

    JournalRun(JournalFile file, String id, Clock clock, long deadlineMs) {
        this.polls = new PollThinning(deadlineMs);
        this.file = file;
        this.id = id;
        this.clock = clock;
    }

    public String id() {
        return id;
    }

    /** Appends the event; a write that fails is kept for {@link #failure()} and never stops the run. */
    @Override
    public synchronized void on(HandoverEvent event) {
        // Polls are many and recovery does not hinge on any single one: they skip the fsync, and only the
        // readings the record keeps are written (a 10 ms poll loop is 100 lines a second otherwise). A commit's
        // steps skip it too: they come inside the write freeze, and the commit's intent before them is durable.
        boolean durable = !(event instanceof HandoverEvent.Polled || event instanceof HandoverEvent.CommitStep);
        for (EventEntry kept : polls.offer(RunRecorder.entry(event))) {
            append(new JournalLine.Event(id, clock.instant(), kept.redacted()), durable);
        }
    }

    /**
     * {@code tx}, with an intent line written before each freeze and commit. A freeze that cannot be
     * recorded is refused (nothing is changed and the run aborts): a run is never frozen off the record.
     * A commit goes ahead even if its intent cannot be written, because refusing it then would leave
     * writes frozen with the outcome made to look unknown.
     */
    public FailoverTransport watch(FailoverTransport tx) {
        return new ForwardingTransport(tx) {
            @Override
            public long freezePrimary() throws TransportException {
                try {
                    file.append(line(new JournalLine.Intent(id, clock.instant(), JournalLine.Intent.FREEZE, null)), true);
                } catch (IOException | RuntimeException e) {
                    remember(e);
                    throw new TransportException("the journal " + file.path() + " could not record the freeze ("
                            + e.getMessage() + "), so writes were not frozen", e);
                }
                return delegate.freezePrimary();
            }

            @Override
            public void commitHandover(long newTerm) throws TransportException {
                synchronized (JournalRun.this) {
                    append(new JournalLine.Intent(id, clock.instant(), JournalLine.Intent.COMMIT, newTerm), true);
                }
                delegate.commitHandover(newTerm);
            }
        };
    }

    /**
     * Where the backend records its steps around the cluster (a pooler's PAUSE, retarget, RESUME): each intent
     * forced to disk before the step, or an {@link IOException} when it could not be (a step that would hold
     * clients is then not taken); each outcome an event line, timed since this record was opened.
     */
    public dev.handover.cluster.StepJournal steps() {
        return new dev.handover.cluster.StepJournal() {
            @Override
            public void intent(String step, String subject) throws IOException {
                try {
                    file.append(line(new JournalLine.Intent(id, clock.instant(), step, null, subject)), true);
                } catch (IOException | RuntimeException e) {
                    remember(e);
                    throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
                }
            }

            @Override
            public void done(String step, String subject, String seen) {
                event(true, step, subject, seen);
            }

            @Override
            public void failed(String step, String subject, String seen) {
                event(false, step, subject, seen);
            }

            private void event(boolean tookEffect, String step, String subject, String seen) {
                long atMs = (System.nanoTime() - opened) / 1_000_000;
                synchronized (JournalRun.this) {
                    append(new JournalLine.Event(id, clock.instant(),
                            EventEntry.step(atMs, tookEffect, step, subject, seen).redacted()), true);
                }
            }
        };
    }

    /**
     * Appends the finished line and returns the report as recorded (credentials scrubbed): write
     * exactly that for {@code run --report}, so the file and the journal hold the same JSON.
     *
     * @throws IOException when the finished line could not be written; the run then reads as unfinished
     */
    public synchronized RunReport finish(RunReport report) throws IOException {
        if (finished) {
            throw new IllegalStateException("run " + id + " is already finished");
        }
        RunReport recorded = report.redacted();
        file.append(line(new JournalLine.Finished(id, clock.instant(), recorded)), true);
        finished = true;
        return recorded;
    }

    /** The first append that failed during the run, if any: the journal then misses lines of it. */
    public synchronized Optional<String> failure() {
        return Optional.ofNullable(failure).map(e -> "the journal " + file.path() + " could not record part of run "
                + id + ": " + e.getMessage());
    }

    private void append(JournalLine l, boolean durable) {
        try {
            file.append(line(l), durable);
        } catch (IOException | RuntimeException e) {
            remember(e);
        }
    }

    private synchronized void remember(Exception e) {
        if (failure == null) {
            failure = e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    static String line(JournalLine l) {
        try {
            return Json.MAPPER.writerFor(JournalLine.class)
                    .without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(l);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a journal line could not be written as JSON", e);
        }
    }
}
