package dev.handover.postgres.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on loopback in front of one node, for a standby's replication link: route the standby's
 * {@code primary_conninfo} through {@link #port()}, then {@link #pause()} the link (bytes stop flowing,
 * the connection stays up: a stalled network), {@link #cut()} it (every connection reset, new ones
 * closed at once: a link that is gone) and {@link #restore()} it. Threads are daemons; {@link #close()}
 * cuts everything for good.
 */
public final class LinkProxy implements AutoCloseable {
    private static final int BUFFER = 16 * 1024;

    private final ServerSocket server;
    private final int upstreamPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private final AtomicLong forwarded = new AtomicLong();
    private volatile boolean paused;
    private volatile boolean cut;
    private volatile boolean closed;

    private LinkProxy(ServerSocket server, int upstreamPort) {
        this.server = server;
        this.upstreamPort = upstreamPort;
    }

    /** A relay from a free loopback port to {@code upstreamPort} on loopback, accepting at once. */
    public static LinkProxy to(int upstreamPort) {
        try {
            ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            LinkProxy p = new LinkProxy(s, upstreamPort);
            daemon("link-proxy-accept-" + s.getLocalPort(), p::acceptLoop).start();
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Bytes relayed in both directions so far. */
    public long forwarded() {
        return forwarded.get();
    }

    /** Stops relaying: whatever a pump has read is held, nothing more reaches the other side; connections stay open. */
    public void pause() {
        paused = true;
    }

    /** Relays again, on the same connections (after {@link #pause()}) or on new ones (after {@link #cut()}). */
    public void restore() {
        synchronized (gate) {
            paused = false;
            cut = false;
            gate.notifyAll();
        }
    }

    /** Resets every relayed connection; new ones are accepted and closed at once until {@link #restore()}. */
    public void cut() {
        synchronized (gate) {
            cut = true;
            gate.notifyAll();
        }
        for (Socket s : sockets) {
            reset(s);
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            if (cut) {
                reset(client);
                continue;
            }
            Socket upstream = new Socket();
            try {
                upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort), 2000);
            } catch (IOException e) {
                reset(client);
                reset(upstream);
                continue;
            }
            sockets.add(client);
            sockets.add(upstream);
            daemon("link-proxy-up-" + port(), () -> pump(client, upstream)).start();
            daemon("link-proxy-down-" + port(), () -> pump(upstream, client)).start();
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[BUFFER];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!awaitOpen()) {
                    break;
                }
                out.write(buf, 0, n);
                out.flush();
                forwarded.addAndGet(n);
            }
        } catch (IOException e) {
            // one side went away or was cut
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            reset(from);
            reset(to);
        }
    }

    /** Blocks while paused; false once cut. */
    private boolean awaitOpen() throws InterruptedException {
        synchronized (gate) {
            while (paused && !cut) {
                gate.wait();
            }
            return !cut;
        }
    }

    /** Closes with SO_LINGER 0, so the peer sees a reset rather than an orderly end. */
    private void reset(Socket s) {
        sockets.remove(s);
        try {
            if (!s.isClosed()) {
                s.setSoLinger(true, 0);
            }
        } catch (SocketException ignored) {
            // not connected
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static Thread daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
