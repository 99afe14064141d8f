package io.github.signalbox.stress.events;

import io.github.signalbox.events.AutoResetEvent;

/** What the auto-reset event tests need, so the same test bodies run the mutants. */
public interface Pass {
    void set();

    boolean tryAwait();

    void awaitUninterruptibly();

    static Pass of(AutoResetEvent e) {
        return new Pass() {
            @Override
            public void set() {
                e.set();
            }

            @Override
            public boolean tryAwait() {
                return e.tryAwait();
            }

            @Override
            public void awaitUninterruptibly() {
                e.awaitUninterruptibly();
            }
        };
    }
}
