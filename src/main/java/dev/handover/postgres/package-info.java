/**
 * A real PostgreSQL (15+) streaming-replication cluster behind the console's cluster connection.
 * The timeline is the term: promoting a standby starts timeline + 1.
 *
 * <p>For a caller (the CLI's {@code --cluster pg:<file>} today, the console next):
 * <ul>
 *   <li>open: {@link dev.handover.postgres.PgCluster#open(java.nio.file.Path)} reads a
 *       {@link dev.handover.postgres.PgClusterDefinition} (JSON; a bad file gives one message naming file
 *       and field; passwords never in it) — then {@code status()}, {@code transportFor(target, poll)} as
 *       for any {@link dev.handover.cluster.ClusterConnection}; {@code pgStatus()} has PostgreSQL's own
 *       fields (received vs replayed LSN, sync state, upstream);</li>
 *   <li>after a run: {@link dev.handover.postgres.PgAfterRun#lines} gives the commit's steps, any steps
 *       left for a person ({@link dev.handover.postgres.PgCommitReport}) and the checks of
 *       {@link dev.handover.postgres.PgCluster#verify} (new primary writable on the new timeline, every
 *       other node streaming from it);</li>
 *   <li>recovery at start: {@link dev.handover.postgres.PgCluster#releaseStaleFreeze()} lifts a freeze
 *       a dead console left behind, unless that node may be a deliberately fenced old primary.</li>
 * </ul>
 *
 * <p>The freeze ({@link dev.handover.postgres.PgFreeze}) and its gap: {@code default_transaction_read_only}
 * set with ALTER SYSTEM, the reload awaited, every other client session terminated, a WAL flush, then
 * the frontier. A session that explicitly asks for a read-write transaction after that (any user may)
 * or a superuser can still commit; a coordinated commit keeps those writes too, because the old
 * primary is shut down cleanly and the target must hold its last WAL record before it is promoted.
 *
 * <p>The commit's clean shutdown of the old primary ends only when every connected standby has
 * received its WAL (PostgreSQL's walsenders drain before exit), so a far-behind but streaming
 * standby lengthens the freeze. Once the shutdown checkpoint is written, walsenders get 5 s more
 * (a standby whose link stalls without a reset would otherwise hold the freeze until
 * wal_sender_timeout); then the server is stopped immediately, still cleanly shut down, and those
 * standbys take the rest from the new primary. After 60 s in all the commit gives up with nothing promoted.
 *
 * <p>The lease: PostgreSQL has no timer that could lift an ALTER SYSTEM setting by itself (and rejects
 * custom settings there), and a session-bound fence (locks that die with the console's connection)
 * cannot stop writes to every table without stopping reads. So a freeze persists if the console dies;
 * it is visible ({@code status}: WRITES FROZEN), refused twice ("already frozen"), and lifted by
 * start-up recovery.
 *
 * <p>Everything here is blocking JDBC and process I/O: call it off the FX thread.
 */
package dev.handover.postgres;
