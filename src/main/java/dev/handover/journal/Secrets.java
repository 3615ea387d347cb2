package dev.handover.journal;

import java.util.regex.Pattern;

/**
 * Scrubs credentials out of text before it is recorded: a cluster named by a connection URL
 * ({@code postgres://dba:s3cret@host/db}) or a message quoting {@code password=...} must never
 * reach the journal or a report.
 */
public final class Secrets {
    private static final Pattern URL_USER_INFO = Pattern.compile("(://[^/\\s:@]*):[^@\\s/]*@");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(password|passwd|pwd|pass|secret|token|api[_-]?key|access[_-]?key)(\\s*[=:]\\s*)"
            // A value that is only a variable in braces (${HANDOVER_PGPASSWORD}) says where the secret lives, not the
            // secret: a step to copy keeps it so that it works when pasted. Braces, so a password that merely starts
            // with '$' is still masked.
            + "(?!\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}(?![^\\s&;,'\"]))"
            + "(\"[^\"]*\"|'[^']*'|[^\\s&;,]+)");
    static final String MASK = "***";

    private Secrets() {
    }

    /**
     * {@code text} with every password, token or key value replaced by {@code ***}, except a value that only names an
     * environment variable in braces ({@code password=${PGPASSWORD}}); null stays null.
     */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = URL_USER_INFO.matcher(text).replaceAll("$1:" + MASK + "@");
        return KEY_VALUE.matcher(out).replaceAll("$1$2" + MASK);
    }
}
