package io.github.signalbox;

/**
 * A held resource (a lock, a permit) that is released by {@link #close()}, for use with
 * try-with-resources.
 *
 * <pre>{@code
 * try (Guard g = lock.write()) {
 *     cache.put(key, value);
 * }   // released here, also when the body throws
 * }</pre>
 *
 * <p>{@code close()} releases the resource exactly once: a second call does nothing. A guard
 * from a blocking acquisition belongs to the thread that acquired it; closing it from another
 * thread fails as releasing the underlying resource from that thread would (for locks:
 * {@link IllegalMonitorStateException}). A guard delivered by an asynchronous acquisition (the
 * {@code ...Async} methods) owns its hold itself: any thread may close it, and of two threads
 * racing to close it exactly one releases.
 *
 * <p>Memory consistency effects: closing a guard is the release action of the underlying
 * primitive; see the <a href="package-summary.html#memory-visibility">memory-visibility
 * rules</a>.
 */
public interface Guard extends AutoCloseable {

    /**
     * Releases the resource, the first time only; later calls do nothing.
     */
    @Override
    void close();
}
