package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.Objects;

/**
 * What a run lost, as numbers: the positions it skipped (bytes of WAL on PostgreSQL, seqs on MariaDB) and
 * the transactions lost — counted, estimated as a range with its basis, or unknown — as the record says
 * after the run; {@code atPrompt} is the figure the operator was shown when asked to force, when asked.
 *
 * @param skippedPositions what the handover skipped (frontier minus what the target held); 0 when none, or
 *                         nothing was handed over
 * @param positionsAreBytes whether a position is a byte of log
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"skippedPositions", "positionsAreBytes", "lostTransactions", "atPrompt"})
public record LossInfo(long skippedPositions, boolean positionsAreBytes, LostInfo lostTransactions, LostInfo atPrompt) {
    public LossInfo {
        Objects.requireNonNull(lostTransactions, "lostTransactions");
    }

    /** Whether the run is known to have lost nothing. */
    @JsonIgnore
    public boolean none() {
        return lostTransactions.exact() && lostTransactions.count() == 0;
    }
}
