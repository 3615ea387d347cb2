package dev.handover.journal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who asked for a switchover and why: the operator (by default {@link Who#operator()}, the OS user at this host), an
 * optional reason in words and an optional change ticket. Checked once, by {@link #parse}, for the CLI's flags and the
 * console's fields alike; every run record, plan and schedule keeps it, and hooks are told it.
 */
public record Requester(String operator, Optional<String> reason, Optional<String> ticket) {
    public static final int OPERATOR_MAX = 100;
    public static final int REASON_MAX = 500;
    public static final int TICKET_MAX = 40;
    /** A ticket is one short token, as trackers name changes and incidents: CHG-1234, INC#88, OPS/2026.12. */
    private static final Pattern TICKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.#:/-]*");

    public Requester {
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(ticket, "ticket");
        if (operator.isBlank()) {
            throw new IllegalArgumentException("a requester has an operator"); // never a record without one
        }
    }

    /** This workstation's operator, no reason, no ticket. */
    public static Requester here() {
        return new Requester(Who.operator(), Optional.empty(), Optional.empty());
    }

    /** The same, with {@code r}'s reason and ticket wherever this one has none ({@code run --plan} inherits the plan's). */
    public Requester orElse(Requester r) {
        return new Requester(operator, reason.or(r::reason), ticket.or(r::ticket));
    }

    /** The reason and ticket in one phrase, {@code CHG-1234: kernel upgrade}; empty when neither was given. */
    public Optional<String> why() {
        if (reason.isEmpty() && ticket.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ticket.map(t -> reason.isPresent() ? t + ": " : t).orElse("") + reason.orElse(""));
    }

    /** {@code by alice@db1 (CHG-1234: kernel upgrade)}: who and why, as an opening line or a history line says it. */
    public String byLine() {
        return "by " + operator + why().map(w -> " (" + w + ")").orElse("");
    }

    /** What each field is called where it was typed: {@code --operator} on the command line, {@code Operator} in a form. */
    public record Labels(String operator, String reason, String ticket) {
    }

    /** The outcome of {@link #parse}: a requester, or one message per bad value, each naming its field. */
    public sealed interface Parsed permits Valid, Invalid {
    }

    public record Valid(Requester requester) implements Parsed {
    }

    public record Invalid(List<String> problems) implements Parsed {
        public Invalid {
            problems = List.copyOf(problems);
        }

        public String message() {
            return String.join("; ", problems);
        }
    }

    /**
     * Checks what was typed: an absent operator is {@link Who#operator()}; a given one is not blank, at most
     * {@value #OPERATOR_MAX} characters, one line. A reason, when given, is not blank, at most {@value #REASON_MAX}
     * characters, one line; a ticket one short token. The caller decides what "absent" is (a flag left out, an empty
     * form field).
     */
    public static Parsed parse(Optional<String> operator, Optional<String> reason, Optional<String> ticket, Labels labels) {
        List<String> problems = new ArrayList<>();
        Optional<String> op = operator.map(String::strip);
        op.ifPresent(o -> text(labels.operator(), o, OPERATOR_MAX, "leave it out for " + Who.operator()).ifPresent(problems::add));
        Optional<String> why = reason.map(String::strip);
        why.ifPresent(r -> text(labels.reason(), r, REASON_MAX, "leave it out for none").ifPresent(problems::add));
        Optional<String> id = ticket.map(String::strip);
        id.ifPresent(t -> ticketProblem(labels.ticket(), t).ifPresent(problems::add));
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        return new Valid(new Requester(op.orElseGet(Who::operator), why, id));
    }

    private static Optional<String> text(String label, String value, int max, String instead) {
        if (value.isEmpty()) {
            return Optional.of(label + " must not be empty (" + instead + ")");
        }
        if (value.length() > max) {
            return Optional.of(label + " is " + value.length() + " characters long; at most " + max);
        }
        int at = firstControl(value);
        return at < 0 ? Optional.empty() : Optional.of(label + " holds a control character (" + String.format("U+%04X",
                (int) value.charAt(at)) + " at character " + (at + 1) + "); one line of plain text");
    }

    private static Optional<String> ticketProblem(String label, String value) {
        if (value.isEmpty()) {
            return Optional.of(label + " must not be empty (leave it out for none)");
        }
        if (value.length() > TICKET_MAX || !TICKET.matcher(value).matches()) {
            String shown = value.length() > TICKET_MAX ? value.length() + " characters" : "\"" + printable(value) + "\"";
            return Optional.of(label + " " + shown + " is not a ticket id: one token of letters, digits and - _ . # : /, "
                    + "at most " + TICKET_MAX + " characters, such as CHG-1234 or INC#88");
        }
        return Optional.empty();
    }

    /** Where the first control character (a newline, a tab, an escape…) is; -1 when there is none. */
    private static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isControl(int c) {
        return Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT
                || c == '\u2028' || c == '\u2029';
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.chars().forEach(c -> b.append(isControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.toString();
    }
}
