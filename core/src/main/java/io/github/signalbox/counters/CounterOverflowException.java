package io.github.signalbox.counters;

/**
 * Thrown when an update would take a {@link BoundedCounter} outside its range (or a
 * {@link WaitGroup} below zero). The update is refused: the counter is exactly as it was.
 */
public class CounterOverflowException extends ArithmeticException {

    private static final long serialVersionUID = 1L;

    /** The value before the refused update. */
    private final long value;
    /** The amount the refused update tried to add. */
    private final long delta;

    /**
     * Creates the exception for a refused update.
     *
     * @param message the detail message
     * @param value the value before the refused update
     * @param delta the amount the refused update tried to add
     */
    public CounterOverflowException(String message, long value, long delta) {
        super(message);
        this.value = value;
        this.delta = delta;
    }

    /**
     * Returns the counter's value when the update was refused (it still has it).
     *
     * @return the counter's value when the update was refused (it still has it)
     */
    public long value() {
        return value;
    }

    /**
     * Returns the amount the refused update tried to add.
     *
     * @return the amount the refused update tried to add
     */
    public long delta() {
        return delta;
    }
}
