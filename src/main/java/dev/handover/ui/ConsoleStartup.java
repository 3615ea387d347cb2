package dev.handover.ui;

import dev.handover.cluster.Backends;
import dev.handover.cluster.ClusterBackend;
import dev.handover.cluster.Environment;
import dev.handover.ui.appearance.Appearance;
import dev.handover.ui.appearance.SettingsFile;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The console's start, the part that needs no control, off the FX thread: the options parsed, the settings read,
 * the cluster's definition read and the cluster opened (a simulation's scenario parsed, its clock started), the
 * journal opened. The launcher begins it before the toolkit starts, so it runs while the toolkit comes up and the
 * start screen is painted; the application then only builds the console's controls.
 */
final class ConsoleStartup {
    /** Begun by {@link ConsoleLauncher#main} for the application that the launch then starts. */
    private static volatile ConsoleStartup early;

    private final List<String> args;
    private final Backends backends;
    private final CompletableFuture<Properties> settings;
    private final CompletableFuture<Parsed> parsed;

    /** The options read, and the password variables the cluster's definition names that the environment lacks. */
    record Parsed(ConsoleOptions options, Environment environment, List<String> unset) {
    }

    private ConsoleStartup(List<String> args, Backends backends) {
        this.args = List.copyOf(args);
        this.backends = backends;
        this.settings = off("console-start-settings", () -> SettingsFile.defaultLocation().load());
        this.parsed = off("console-start-options", () -> {
            ConsoleOptions options = ConsoleOptions.parse(this.args, backends);
            Environment env = Environment.system();
            return new Parsed(options, env, env.missing(options.secretVariables()));
        });
    }

    /**
     * Starts reading the options, settings and definition for {@code args} now, on threads of their own, with the
     * engines {@code backends} registers (the entry's {@code app.Installed}).
     */
    static void begin(String[] args, Backends backends) {
        early = new ConsoleStartup(List.of(args), backends);
    }

    /** The start begun for {@code args}, or a new one (the application launched some other way, e.g. javafx:run). */
    static ConsoleStartup take(List<String> args, Backends backends) {
        ConsoleStartup s = early;
        early = null;
        return s != null && s.args.equals(args) ? s : new ConsoleStartup(args, backends);
    }

    Backends backends() {
        return backends;
    }

    CompletableFuture<Parsed> parsed() {
        return parsed;
    }

    /** The settings if already read (they usually are, long before the toolkit is up), else the defaults. */
    boolean darkIfKnown() {
        return settings.isDone() && !settings.isCompletedExceptionally() && Appearance.darkIn(settings.join());
    }

    /** The cluster opened on {@code env} (the operator's typed passwords added) and the journal, off the FX thread. */
    CompletableFuture<Opened> open(Parsed p, Map<String, String> typed) {
        Environment env = typed.isEmpty() ? p.environment() : p.environment().with(typed);
        return settings.exceptionally(e -> new Properties()).thenCompose(saved -> off("console-start-open", () -> {
            ConsoleContext context = ConsoleContext.of(p.options().openCluster(env), backends);
            try {
                return new Opened(context.withJournal(p.options().openJournal()).withHooks(p.options().hooks()), saved);
            } catch (RuntimeException e) {
                context.executor().close();
                context.connection().close();
                throw e;
            }
        }));
    }

    /** What the console is built from: its context, and the appearance settings read from disk. */
    record Opened(ConsoleContext context, Properties settings) {
    }

    /** The cluster as the command line names it, for the start screen: {@code sim:healthy}, {@code pg:prod.json}. */
    String clusterText() {
        String cluster = null;
        String scenario = null;
        for (String a : args) {
            if (a.startsWith("--cluster=")) {
                cluster = a.substring("--cluster=".length()).trim();
            } else if (a.startsWith("--scenario=")) {
                scenario = a.substring("--scenario=".length()).trim();
            }
        }
        String text = cluster != null ? cluster : simulatorScheme() + ":" + (scenario != null ? scenario : ConsoleOptions.DEFAULT_SCENARIO);
        // A definition's path can be long: its end (the file name) is what tells clusters apart.
        return text.length() <= 60 ? text : "…" + text.substring(text.length() - 59);
    }

    /** Whether the command line names a simulation (the start screen's band is blue) rather than a real cluster (red). */
    boolean simulation() {
        for (String a : args) {
            if (a.startsWith("--cluster=")) {
                String address = a.substring("--cluster=".length()).trim();
                int colon = address.indexOf(':');
                return colon > 0 && backends.backend(address.substring(0, colon))
                        .map(ClusterBackend::simulated).orElse(false);
            }
        }
        return true;
    }

    private String simulatorScheme() {
        return backends.all().stream().filter(ClusterBackend::simulated).map(ClusterBackend::scheme)
                .findFirst().orElse("sim");
    }

    /** {@code work} on a daemon thread of its own: the start must not keep the JVM alive, nor wait for a pool. */
    private static <T> CompletableFuture<T> off(String name, Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return result;
    }
}
