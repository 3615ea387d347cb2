package dev.handover.journal;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One step of the commit; {@code atMs} since the commit began, absent when the backend did not time it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepInfo(Long atMs, String text) {
}
