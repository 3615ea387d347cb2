/**
 * A real PostgreSQL (15+) streaming-replication cluster behind the console's cluster connection.
 * The timeline is the term: promoting a standby starts timeline + 1.
 *
 * <p>For a caller (the CLI's {@code --cluster pg:<file>} today, the console next):
 * <ul>
 *   <li>open: {@link dev.handover.postgres.PgCluster#open(java.nio.file.Path)} reads a
 *       {@link dev.handover.postgres.PgClusterDefinition} (JSON; a bad file gives one message naming file
 *       and field; passwords never in it) — then {@code status()}, {@code transportFor(request, poll)} as
 *       for any {@link dev.handover.cluster.ClusterConnection}; {@code pgStatus()} has PostgreSQL's own
 *       fields (received vs replayed LSN, sync state, upstream);</li>
 *   <li>after a run, before its record is closed: {@code afterRunVerifier()} (through
 *       {@link dev.handover.postgres.PgAfterRun#verify}) gives, as a {@link dev.handover.cluster.AfterRun},
 *       the commit's steps, any steps left for a person ({@link dev.handover.postgres.PgCommitReport}), the
 *       checks of {@link dev.handover.postgres.PgCluster#verify} (new primary writable on the new timeline,
 *       every other node streaming from it) and every node's role as read back;</li>
 *   <li>recovery of one dead run, for {@code recover --release} and the console's start-up prompt alike:
 *       {@code staleFreezeRelease()} ({@code releaseStaleFreeze(StaleRun)}) lifts the freeze it left once
 *       the cluster shows nothing was committed and no run holds the lock; {@code topologyRepair()}
 *       ({@link dev.handover.postgres.PgRecovery}, then the after-commit checks) finishes a run that died
 *       part-way, for {@code recover --repair} and the prompt: it plans first from what every node shows
 *       (PgRepairSurvey, PgRepairPlanner), stops any node that may still promote before a primary is started
 *       (PgNeutralise, through PgImmediateStop, the one hard stop), and discards WAL only on an approval of its exact count (PgWalReading, counting with PgWalCount or pg_waldump). {@link dev.handover.postgres.PgCluster#releaseStaleFreeze()}
 *       is the older whole-cluster release, kept for the postgres tests;</li>
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
 * <p>Guards before the freeze: the cluster's run lock ({@link dev.handover.postgres.PgRunLock}, advisory
 * locks on the run's sessions, so one run at a time per cluster and a refused run names the holder) and
 * the expected primary ({@link dev.handover.cluster.ExpectedPrimary}: node and timeline, checked when the
 * transport is made and again right before {@code ALTER SYSTEM}).
 *
 * <p>The lease: PostgreSQL has no timer that could lift an ALTER SYSTEM setting by itself (and rejects
 * custom settings there), and a session-bound fence (locks that die with the console's connection)
 * cannot stop writes to every table without stopping reads. So where this host controls the primary a
 * {@link dev.handover.postgres.FreezeKeeper} process holds the lease: it lifts the freeze when the run's
 * process dies or stops renewing, and stands down before the commit. Without a keeper (no {@code local},
 * or the keeper died too) a freeze persists; it is visible ({@code status}: WRITES FROZEN), refused twice
 * ("already frozen"), and lifted by start-up recovery or {@code recover --release}.
 *
 * <p>Everything here is blocking JDBC and process I/O: call it off the FX thread.
 */
package dev.handover.postgres;
