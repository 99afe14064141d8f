package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A hold of a {@link ReadersWritersLock} acquired asynchronously: it belongs to this handle, not
 * to a thread, so any thread may close it, once (later closes do nothing, also when two threads
 * race to close it). A read hold, a write hold, the upgradable read hold (inside an
 * {@link AsyncUpgradableGuard}) or the write hold an asynchronous upgrade turned it into
 * ({@link Kind#UPGRADED}; closing that one goes back to the upgradable hold).
 */
final class AsyncHold implements Guard {

    enum Kind {
        READ("async read"),
        WRITE("async write"),
        UPGRADABLE("async upgradable read"),
        UPGRADED("async upgraded write");

        final String mode;

        Kind(String mode) {
            this.mode = mode;
        }
    }

    final RwEngine engine;
    final Kind kind;
    /** For {@link Kind#UPGRADED}: the upgradable guard to return to; else null. */
    private final AsyncUpgradableGuard upgradable;
    @SuppressWarnings("unused") // through CLOSED
    private volatile int closed;

    AsyncHold(RwEngine engine, Kind kind) {
        this(engine, kind, null);
    }

    AsyncHold(RwEngine engine, Kind kind, AsyncUpgradableGuard upgradable) {
        this.engine = engine;
        this.kind = kind;
        this.upgradable = upgradable;
    }

    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            switch (kind) {
                case READ:
                    engine.releaseAsyncRead();
                    break;
                case WRITE:
                    engine.releaseAsyncWrite();
                    break;
                case UPGRADABLE:
                    engine.releaseAsyncUpgradable();
                    break;
                default:
                    engine.asyncUpgradeBackToUpgradable();
                    upgradable.upgradeEnded();
            }
        }
    }

    /** An asynchronous upgrade request left the queue ungranted: the guard is held again. */
    void upgradeWithdrawn() {
        upgradable.upgradeEnded();
    }

    boolean isOpen() {
        return closed == 0;
    }

    String mode() {
        return kind.mode;
    }

    @Override
    public String toString() {
        return mode() + " hold of " + engine.identity() + (isOpen() ? "" : " (closed)");
    }

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(AsyncHold.class, "closed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
