/**
 * The engine contract: what a database engine (the simulator, PostgreSQL, MariaDB, the next one) implements to
 * be driven by the console, the CLI and the run service, and what each part must guarantee. Nothing above this
 * package names an engine; {@code ArchitectureTest} reads the imports and fails a room that does.
 *
 * <h2>What an engine implements</h2>
 * <ul>
 *   <li>{@link dev.handover.cluster.ClusterBackend}: the kind of cluster, named by the scheme of an address
 *       ({@code <scheme>:<location>}). {@code scheme()}, {@code locationHint()} and {@code engine()} are the words
 *       every help text, usage line and menu shows for it (the CLI's {@code --cluster} flag, {@code help}, the
 *       console's Open menu): they are read from here, never written elsewhere, as is {@code planProbes()}, what
 *       {@code plan}'s help says the engine probes. {@code open(location, options)}
 *       reads the definition and contacts nothing (a real cluster) or starts the clock {@code options} asks for (a
 *       simulation). {@code simulated()} says whether runs take virtual time and replay from a seed; whoever asks
 *       "is this a simulation?" asks it, never the address's prefix.</li>
 *   <li>{@link dev.handover.cluster.ClusterConnection}: one open cluster. Two methods are required, the rest
 *       are capabilities with an empty default (the engine offers one where it can do it for real).</li>
 * </ul>
 *
 * <h2>What each required method must guarantee</h2>
 * <ul>
 *   <li>{@code status()} gives one {@link dev.handover.cluster.ClusterSnapshot} of what the call observed, every
 *       node of the definition in its order: a node that did not answer is there, {@code UNREACHABLE}, with why in
 *       its detail, never dropped or shown with a value remembered from an earlier call. A role, position or lag
 *       that was not read is not filled in: it is absent, or the node's condition says it is unknown. The snapshot
 *       never claims more than was observed (a replica "caught up" only when its applied position was read).</li>
 *   <li>{@code transportFor(request, poll)}, the one way a run reaches the cluster, refuses before anything is
 *       frozen when the cluster's primary is not the request's old primary under the request's term
 *       ({@link dev.handover.cluster.ExpectedPrimary#require}); when the target is unknown or is the primary; when
 *       {@code poll} does not fit the freeze lease ({@link dev.handover.cluster.PollRule}). An engine that can check
 *       again at the freeze itself (PostgreSQL) does. The {@link dev.handover.core.FailoverTransport} it returns
 *       reports a frontier only as read from the node, and throws rather than guess when a step's effect is
 *       unknown: the coordinator then records "outcome unknown", never a success it did not see.</li>
 *   <li>An engine may keep a transport without the expected-primary check for its own tests and tools (the
 *       simulator's and PostgreSQL's {@code uncheckedTransport}); it is not part of this contract and nothing
 *       above the engine calls it.</li>
 * </ul>
 *
 * <h2>Errors</h2>
 * Every failure a person can act on is a {@link dev.handover.cluster.ClusterException} with one clear message:
 * what was refused or failed, naming the node, file or field, and what was (or was not) changed ("nothing was
 * frozen"). No stack trace, driver class name or second message; the cause may be attached for logs. A bad
 * definition file is refused at {@code open}, naming the file and the field. A message about a file is made with
 * {@code ClusterException.inFile}, one about the address itself with {@code naming(address, …)}: the console then
 * names the file once, and the CLI says such a message is about its {@code --cluster} flag, without reading the
 * message's text back.
 *
 * <h2>How an engine is registered</h2>
 * Its package ({@code dev.handover.<engine>}) imports only this package and {@code core}. One line in
 * {@code dev.handover.app.Installed}, the composition root, adds its backend to the
 * {@link dev.handover.cluster.Backends} registry; the CLI's entry and the console's receive that registry and
 * take from it the address forms in their help, the Open menu's kinds, positions for recorded runs and the
 * architecture rules' engine list. Nothing else in {@code src/main} changes for a new engine.
 */
package dev.handover.cluster;
