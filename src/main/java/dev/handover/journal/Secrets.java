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
            "(?i)\\b(password|passwd|pwd|pass|secret|token|api[_-]?key|access[_-]?key)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&;,]+)");
    static final String MASK = "***";

    private Secrets() {
    }

    /** {@code text} with every password, token or key value replaced by {@code ***}; null stays null. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = URL_USER_INFO.matcher(text).replaceAll("$1:" + MASK + "@");
        return KEY_VALUE.matcher(out).replaceAll("$1$2" + MASK);
    }
}
