package dev.handover.ui.training;

/**
 * A kind of real cluster the console can open from a definition file, as "Open cluster" lists it.
 *
 * @param scheme its address prefix, e.g. {@code mariadb}
 * @param engine what runs it, e.g. {@code MariaDB}
 */
public record ClusterKind(String scheme, String engine) {
}
