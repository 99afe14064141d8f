package io.github.signalbox.diagnostics;

import java.util.List;
import java.util.Objects;

/**
 * One deadlock: the threads that can never proceed, each with what it waits for, what it holds
 * and where it is. {@link #toString()} is a multi-line text in the style of a thread dump.
 *
 * @param threads the deadlocked threads; those {@linkplain Participant#inCycle() in a cycle}
 *        first
 */
public record DeadlockReport(List<Participant> threads) {

    /**
     * Copies the list.
     *
     * @param threads the deadlocked threads
     */
    public DeadlockReport {
        threads = List.copyOf(threads);
    }

    /**
     * One deadlocked thread.
     *
     * @param thread the thread
     * @param waitsFor what it waits for, e.g. {@code write lock of ReadersWritersLock "b" [FAIR]}
     * @param holds what it holds that other deadlocked threads wait for
     * @param inCycle whether it is on a cycle of the wait-for graph (false: it waits behind one)
     * @param stack its stack when the report was made
     */
    public record Participant(Thread thread, String waitsFor, List<String> holds,
            boolean inCycle, List<StackTraceElement> stack) {

        /**
         * Checks and copies the arguments.
         *
         * @param thread the thread
         * @param waitsFor what it waits for
         * @param holds what it holds
         * @param inCycle whether it is on a cycle
         * @param stack its stack
         */
        public Participant {
            Objects.requireNonNull(thread, "thread");
            Objects.requireNonNull(waitsFor, "waitsFor");
            holds = List.copyOf(holds);
            stack = List.copyOf(stack);
        }
    }

    /**
     * Returns the report as text: one block per thread, its waits, holds and stack.
     *
     * @return the report as text
     */
    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("Deadlock among ").append(threads.size())
                .append(" threads (signalbox):\n");
        for (Participant p : threads) {
            text.append("\"").append(p.thread().getName()).append("\" (id ")
                    .append(threadId(p.thread())).append(")")
                    .append(p.inCycle() ? "" : ", waiting behind the cycle").append('\n');
            text.append("  waits for ").append(p.waitsFor()).append('\n');
            for (String hold : p.holds()) {
                text.append("  holds ").append(hold).append('\n');
            }
            for (StackTraceElement frame : p.stack()) {
                text.append("    at ").append(frame).append('\n');
            }
        }
        return text.toString();
    }

    @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; the baseline is 17
    private static long threadId(Thread t) {
        return t.getId();
    }
}
