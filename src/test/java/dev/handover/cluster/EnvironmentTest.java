package dev.handover.cluster;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class EnvironmentTest {
    @Test
    void typedValuesFillUnsetVariablesAndNeverShowInItsText() {
        Environment process = Environment.of(Map.of("SET_PW", "from-env", "EMPTY_PW", "")::get);
        assertEquals(List.of("EMPTY_PW", "UNSET_PW"), process.missing(List.of("SET_PW", "EMPTY_PW", "UNSET_PW", "UNSET_PW")),
                "unset and empty both count as missing, each once");
        assertNull(process.get("UNSET_PW"));

        Environment typed = process.with(Map.of("UNSET_PW", "typed-secret", "EMPTY_PW", "typed-too"));
        assertEquals(List.of(), typed.missing(List.of("SET_PW", "EMPTY_PW", "UNSET_PW")));
        assertEquals("typed-secret", typed.get("UNSET_PW"));
        assertEquals("from-env", typed.get("SET_PW"));
        assertFalse(typed.toString().contains("typed-secret"), typed.toString());
        assertEquals(List.of("UNSET_PW"), process.missing(List.of("UNSET_PW")), "the process's environment is unchanged");
    }
}
