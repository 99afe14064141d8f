package io.github.signalbox.semaphores;

/**
 * Thrown by a release that would raise a {@link BoundedSemaphore}'s available permits above its
 * bound, the bug where a {@code finally { release(); }} runs after an acquire that did not
 * happen. The release is refused: the semaphore's state is exactly as it was before the call.
 *
 * <p>The counterpart of the {@code ValueError} of Python's {@code threading.BoundedSemaphore}.
 */
public class OverReleaseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** The number of permits the refused release tried to return. */
    private final int requested;
    /** The permits available when the release was refused. */
    private final int available;
    /** The bound when the release was refused. */
    private final int bound;

    /**
     * Creates the exception for a refused release.
     *
     * @param message the detail message
     * @param requested the number of permits the refused release tried to return
     * @param available the permits available when the release was refused
     * @param bound the bound at that moment
     */
    public OverReleaseException(String message, int requested, int available, int bound) {
        super(message);
        this.requested = requested;
        this.available = available;
        this.bound = bound;
    }

    /**
     * Returns the number of permits the refused release tried to return.
     *
     * @return the number of permits the refused release tried to return
     */
    public int requested() {
        return requested;
    }

    /**
     * Returns the permits that were available when the release was refused.
     *
     * @return the permits that were available when the release was refused
     */
    public int available() {
        return available;
    }

    /**
     * Returns the semaphore's bound when the release was refused.
     *
     * @return the semaphore's bound when the release was refused
     */
    public int bound() {
        return bound;
    }
}
