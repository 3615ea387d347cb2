package dev.handover.ui.switchover;

import dev.handover.journal.Requester;
import dev.handover.journal.Who;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.util.Optional;

/**
 * The form's who and why: Operator (filled with this workstation's user@host), Reason and Ticket, checked as the
 * CLI's {@code --operator}, {@code --reason}, {@code --ticket} are ({@link Requester#parse}). An empty field is one
 * left out: the default operator, no reason, no ticket.
 */
public final class RequesterFields {
    static final Requester.Labels LABELS = new Requester.Labels("Operator", "Reason", "Ticket");

    private final StringProperty operator = new SimpleStringProperty(Who.operator());
    private final StringProperty reason = new SimpleStringProperty("");
    private final StringProperty ticket = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private Optional<Requester> requester = Optional.of(Requester.here());

    RequesterFields() {
        operator.addListener((obs, was, now) -> check());
        reason.addListener((obs, was, now) -> check());
        ticket.addListener((obs, was, now) -> check());
    }

    private void check() {
        Requester.Parsed p = Requester.parse(given(operator), given(reason), given(ticket), LABELS);
        requester = p instanceof Requester.Valid v ? Optional.of(v.requester()) : Optional.empty();
        error.set(p instanceof Requester.Invalid bad ? bad.message() : "");
    }

    private static Optional<String> given(StringProperty field) {
        return Optional.ofNullable(field.get()).filter(s -> !s.isBlank());
    }

    /** Who asks and why, as the fields say now; empty while one of them is bad. */
    public Optional<Requester> requester() {
        return requester;
    }

    public StringProperty operatorProperty() {
        return operator;
    }

    public StringProperty reasonProperty() {
        return reason;
    }

    public StringProperty ticketProperty() {
        return ticket;
    }

    /** What is wrong with the fields, one message per bad value; empty when they are good. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
