package dev.handover.core;

/**
 * Post-handover roles of the two nodes: the new primary advertises the new term and the old
 * primary streams as its replica.
 */
public record RoleAssignment(NodeRole newPrimary, NodeRole oldPrimary) {

    static RoleAssignment swap(FailoverRequest req) {
        long newTerm = req.newTerm();
        return new RoleAssignment(new NodeRole.Primary(newTerm), new NodeRole.Replica(req.target().addr(), newTerm));
    }
}
