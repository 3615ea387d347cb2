package dev.handover.testing;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast profile's guard: a harness asked to start a server there refuses, naming the tag to add. */
class RealServersTest {
    @Test
    void underTheFastProfileAServerDoesNotStartAndTheMessageNamesTheTag() {
        String before = System.getProperty(RealServers.PROPERTY);
        try {
            System.setProperty(RealServers.PROPERTY, "true");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> RealServers.starting("a PostgreSQL cluster"));
            assertTrue(e.getMessage().contains("@" + RealServer.class.getName()), e.getMessage());
            System.setProperty(RealServers.PROPERTY, "false");
            assertDoesNotThrow(() -> RealServers.starting("a PostgreSQL cluster"));
        } finally {
            if (before == null) {
                System.clearProperty(RealServers.PROPERTY);
            } else {
                System.setProperty(RealServers.PROPERTY, before);
            }
        }
    }
}
