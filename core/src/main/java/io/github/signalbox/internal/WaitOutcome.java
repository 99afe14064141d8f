package io.github.signalbox.internal;

/** How a contended wait ended. */
public enum WaitOutcome {
    GRANTED("granted"),
    TIMED_OUT("timed out"),
    INTERRUPTED("interrupted"),
    BROKEN("broken");

    private final String text;

    WaitOutcome(String text) {
        this.text = text;
    }

    @Override
    public String toString() {
        return text;
    }
}
