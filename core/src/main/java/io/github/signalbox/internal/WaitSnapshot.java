package io.github.signalbox.internal;

import java.util.Set;

/** One thread's wait on one {@link WaitTarget}, and who holds that target, at one moment. */
public interface WaitSnapshot {

    /** The target, to recognise the same wait in a second snapshot. */
    Object target();

    /** What the thread waits for, e.g. {@code write lock of ReadersWritersLock "a"}. */
    String request();

    /** The known holders whose holds keep the request from being granted. */
    Set<Thread> blockers();

    /**
     * Whether the request could be granted once every thread outside {@code stuck} released all it
     * holds here (holders this target cannot name count as outside).
     */
    boolean grantableUnless(Set<Thread> stuck);

    /** What {@code holder} holds of this target, e.g. {@code read lock of ...}; null if nothing. */
    String holdingOf(Thread holder);
}
