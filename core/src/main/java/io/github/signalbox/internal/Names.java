package io.github.signalbox.internal;

import java.util.Objects;

/** How a primitive names itself in {@code toString}, exception messages, JFR events and metrics. */
public final class Names {

    private Names() {
    }

    /**
     * The primitive's kind and name ({@code ReadersWritersLock "prices"}) or, when it has no name,
     * its kind and identity hash as {@link Object#toString()} shows it.
     */
    public static String identity(String kind, String name, Object primitive) {
        return name == null
                ? kind + "@" + Integer.toHexString(System.identityHashCode(primitive))
                : kind + " \"" + name + "\"";
    }

    /** Checks a name given to a builder: not null, not blank. */
    public static String check(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a primitive's name must not be blank");
        }
        return name;
    }
}
