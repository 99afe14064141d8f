package io.github.signalbox;

import io.github.signalbox.internal.Names;

/**
 * What every primitive's builder has: an optional name. Each family's {@code builder()} returns a
 * subclass with that family's settings; {@link #build()} returns the primitive.
 *
 * <pre>{@code
 * ReadersWritersLock prices = ReadersWritersLock.builder().name("prices").build();
 * Event ready = Event.builder().name("ready").build();
 * }</pre>
 *
 * <p>A builder is not thread-safe; each {@code build()} returns a new primitive.
 *
 * @param <B> the family's builder type
 * @param <T> the primitive it builds
 */
public abstract class NamedBuilder<B extends NamedBuilder<B, T>, T> {

    private String name;

    /** For the families' builders. */
    protected NamedBuilder() {
    }

    /**
     * Names the primitive: the name appears in {@code toString}, exception messages, thread
     * dumps (a parked thread's blocker), JFR events, deadlock reports and metrics. Without a name
     * a primitive shows its class and identity hash, as {@link Object#toString()} does.
     *
     * @param name the name, not blank
     * @return this builder
     * @throws NullPointerException if {@code name} is null
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public final B name(String name) {
        this.name = Names.check(name);
        return self();
    }

    /**
     * Returns the name set so far.
     *
     * @return the name set so far, or null
     */
    protected final String nameOrNull() {
        return name;
    }

    /**
     * Returns a new primitive with the settings given so far.
     *
     * @return a new primitive with the settings given so far
     */
    public abstract T build();

    @SuppressWarnings("unchecked") // B is this builder's own type by the class's contract
    private B self() {
        return (B) this;
    }
}
