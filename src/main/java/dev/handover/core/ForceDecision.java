package dev.handover.core;

/** The operator's answer to a force prompt. */
public enum ForceDecision {
    APPROVE, DECLINE, LAPSED
}
