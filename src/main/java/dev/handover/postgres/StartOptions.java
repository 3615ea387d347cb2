package dev.handover.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * The options a server was started with, from its {@code postmaster.opts} ({@code /usr/lib/.../postgres
 * "-D" "/data" "-p" "5433" "-c" "config_file=..."}), so that a node Handover stops and starts again
 * comes back exactly as its service started it: same port, same config file, same {@code -c} settings.
 * The binary and the data directory are left out; {@code pg_ctl -D} supplies the directory.
 */
record StartOptions(List<String> args) {

    StartOptions {
        args = List.copyOf(args);
    }

    static StartOptions none() {
        return new StartOptions(List.of());
    }

    /** Parses the file's one line; every argument after the binary is double-quoted by pg_ctl. */
    static StartOptions parse(String postmasterOpts) {
        String line = postmasterOpts.strip();
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    throw new IllegalArgumentException("postmaster.opts: unterminated quote in " + line);
                }
                tokens.add(line.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < n && !Character.isWhitespace(line.charAt(end))) {
                    end++;
                }
                tokens.add(line.substring(i, end));
                i = end;
            }
        }
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("postmaster.opts is empty");
        }
        List<String> args = new ArrayList<>();
        for (int k = 1; k < tokens.size(); k++) { // token 0 is the postgres binary
            String t = tokens.get(k);
            if (t.equals("-D") && k + 1 < tokens.size()) {
                k++;
            } else if (!t.startsWith("-D") || t.length() == 2) {
                args.add(t);
            }
        }
        return new StartOptions(args);
    }

    /** {@code pg_ctl start -o} text: pg_ctl hands it to a shell, so each argument is single-quoted. */
    String forPgCtl() {
        StringBuilder sb = new StringBuilder();
        for (String a : args) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append('\'').append(a.replace("'", "'\\''")).append('\'');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return args.isEmpty() ? "(none)" : String.join(" ", args);
    }
}
