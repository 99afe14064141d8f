package io.github.signalbox.stress.events;

import io.github.signalbox.events.Event;

/** What the level-triggered event tests need, so the same test bodies run the mutants. */
public interface Flag {
    void set();

    void clear();

    boolean isSet();

    void awaitUninterruptibly();

    static Flag of(Event e) {
        return new Flag() {
            @Override
            public void set() {
                e.set();
            }

            @Override
            public void clear() {
                e.clear();
            }

            @Override
            public boolean isSet() {
                return e.isSet();
            }

            @Override
            public void awaitUninterruptibly() {
                e.awaitUninterruptibly();
            }
        };
    }
}
