package dev.handover.run;

import dev.handover.journal.HookInfo;
import dev.handover.journal.RunReport;
import dev.handover.journal.Secrets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Calls a phase's hooks one after another: each command with the run's JSON on its stdin, killed when its
 * timeout passes; then each webhook, the same JSON POSTed. Never throws: what went wrong is in the result
 * (a program that does not exist, a timeout, a refused connection), output masked as the journal masks it.
 */
final class HookRunner {
    /** What is kept of a hook's output: the end of it, where a failing script says why. */
    static final int KEPT_OUTPUT = 4000;
    /** After a timeout, how long a killed command gets to go before it is killed hard. */
    private static final Duration GRACE = Duration.ofSeconds(2);

    private HookRunner() {
    }

    /** Every command of {@code phase}, then every webhook; in order, each awaited. */
    static List<HookInfo> call(HookSet hooks, HookSet.Phase phase, String payload) {
        List<HookSet.Command> commands = switch (phase) {
            case PRE_SWITCHOVER -> hooks.preSwitchover();
            case POST_SWITCHOVER -> hooks.postSwitchover();
            case ON_ABORT -> hooks.onAbort();
        };
        List<HookInfo> out = new ArrayList<>();
        for (HookSet.Command c : commands) {
            out.add(run(phase, c, payload));
        }
        for (HookSet.Webhook w : hooks.webhooks()) {
            out.add(post(phase, w, payload));
        }
        return out;
    }

    static HookInfo run(HookSet.Phase phase, HookSet.Command command, String payload) {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(command.argv()).redirectErrorStream(true).start();
        } catch (IOException e) {
            return info(phase, command.text(), false, null, false, start, "could not start: " + e.getMessage());
        }
        Tail tail = new Tail(p.getInputStream());
        tail.start();
        try (OutputStream stdin = p.getOutputStream()) {
            stdin.write(payload.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // A hook that does not read its stdin closes it early; that is its choice, not a failure.
        }
        try {
            if (!p.waitFor(command.timeout().toNanos(), TimeUnit.NANOSECONDS)) {
                p.destroy();
                if (!p.waitFor(GRACE.toNanos(), TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
                return info(phase, command.text(), false, null, true, start, tail.text()
                        + "\n(killed: it took longer than its timeout of " + dev.handover.core.Durations.format(command.timeout()) + ")");
            }
            tail.join(GRACE.toMillis());
            int exit = p.exitValue();
            return info(phase, command.text(), exit == 0, exit, false, start, tail.text());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return info(phase, command.text(), false, null, false, start, "interrupted: the run is being stopped");
        }
    }

    static HookInfo post(HookSet.Phase phase, HookSet.Webhook hook, String payload) {
        long start = System.nanoTime();
        String what = HookInfo.webhookAt(hook.url());
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(hook.timeout()).build();
            HttpRequest request = HttpRequest.newBuilder(hook.url()).timeout(hook.timeout())
                    .header("Content-Type", "application/json").header("X-Handover-Event", phase.text())
                    .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            return info(phase, what, status / 100 == 2, status, false, start, answer.body());
        } catch (java.net.http.HttpTimeoutException e) {
            return info(phase, what, false, null, true, start, "no answer within " + dev.handover.core.Durations.format(hook.timeout()));
        } catch (IOException e) {
            return info(phase, what, false, null, false, start, "could not post: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return info(phase, what, false, null, false, start, "interrupted: the run is being stopped");
        }
    }

    private static HookInfo info(HookSet.Phase phase, String what, boolean ok, Integer exit, boolean timedOut,
                                           long start, String output) {
        String kept = output == null ? "" : output.strip();
        if (kept.length() > KEPT_OUTPUT) {
            kept = "…" + kept.substring(kept.length() - KEPT_OUTPUT);
        }
        return new HookInfo(phase.text(), Secrets.redact(what), ok, exit, timedOut,
                Duration.ofNanos(System.nanoTime() - start).toMillis(), Secrets.redact(kept));
    }

    /** Reads a command's output as it comes, keeping the last {@link #KEPT_OUTPUT} characters' worth. */
    private static final class Tail extends Thread {
        private final InputStream in;
        private final StringBuilder kept = new StringBuilder();

        Tail(InputStream in) {
            super("hook-output");
            setDaemon(true);
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buf = new byte[4096];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    synchronized (kept) {
                        kept.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        if (kept.length() > 2 * KEPT_OUTPUT) {
                            kept.delete(0, kept.length() - KEPT_OUTPUT);
                        }
                    }
                }
            } catch (IOException e) {
                // the process ended or was killed: what was read is what there is
            }
        }

        String text() {
            synchronized (kept) {
                return kept.toString();
            }
        }
    }
}
