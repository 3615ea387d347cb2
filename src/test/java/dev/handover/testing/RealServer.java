package dev.handover.testing;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that starts a real server (PostgreSQL, MariaDB, PgBouncer) through the loopback harnesses. The fast
 * profile ({@code mvn -Pfast verify}) leaves these out; plain {@code mvn verify} runs them. A class that starts a
 * server without this tag is not dropped silently: under the fast profile the harness refuses to start, naming the
 * tag ({@link RealServers#starting}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag(RealServer.TAG)
public @interface RealServer {
    String TAG = "real-server";
}
