package dev.handover.bench;

import java.util.List;

/** The benchmarks' entry point: {@code freeze}, {@code chart}, {@code startup}; see bench/run. */
public final class BenchMain {
    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> which = args.length == 0 ? List.of("freeze") : List.of(args);
        for (String w : which) {
            switch (w) {
                case "freeze" -> FreezeOverheadBench.run();
                case "chart" -> ChartSmoothnessBench.run();
                case "startup" -> StartupBench.run(System.getProperty("bench.startupClassPath", "target/handover.jar:target/test-classes"));
                default -> throw new IllegalArgumentException("unknown benchmark \"" + w + "\"; known: freeze, chart, startup");
            }
        }
    }
}
