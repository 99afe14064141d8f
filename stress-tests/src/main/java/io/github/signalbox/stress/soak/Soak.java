package io.github.signalbox.stress.soak;

import io.github.signalbox.barriers.TimeoutPolicy;
import io.github.signalbox.locks.ReadersWritersPolicy;
import io.github.signalbox.semaphores.Fairness;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The soak run: every family at once, driven by platform threads (and, on JDK 21+, virtual
 * threads) making random hostile operations (untimed, zero, microsecond and millisecond
 * timeouts, interrupts from a chaos thread, asynchronous requests cancelled or timed out,
 * bound changes, parties joining and leaving, aborts and resets) for a given time. Every few
 * seconds, and at the end, it brings all workers to quiescence and checks conservation per
 * family (nothing held or queued, permits back, counters equal to the recorded updates,
 * invariants intact) and that the heap after a GC is not growing. A violation, or a worker that
 * does not reach the checkpoint (a lost wake-up or a deadlock), stops the run with a report
 * naming the family, the operation mix and the seed.
 *
 * <p>Run: {@code java -cp stress-tests/target/jcstress.jar io.github.signalbox.stress.soak.Soak
 * 30m [seed] [report.md]} (durations like {@code 60s}, {@code 30m}).
 */
public final class Soak {

    /** What a run found. */
    public static final class Result {
        public final long seed;
        public final Duration duration;
        public final List<String> violations;
        public final int checkpoints;
        public final List<Long> heapAfterGc;
        public final Map<String, Map<String, Long>> counts;
        public final int platformWorkers;
        public final int virtualWorkers;

        Result(long seed, Duration duration, List<String> violations, int checkpoints,
                List<Long> heapAfterGc, Map<String, Map<String, Long>> counts,
                int platformWorkers, int virtualWorkers) {
            this.seed = seed;
            this.duration = duration;
            this.violations = violations;
            this.checkpoints = checkpoints;
            this.heapAfterGc = heapAfterGc;
            this.counts = counts;
            this.platformWorkers = platformWorkers;
            this.virtualWorkers = virtualWorkers;
        }

        public boolean passed() {
            return violations.isEmpty();
        }

        /** A markdown report: the mix, the counts per family, the checkpoints and the heap. */
        public String report() {
            StringBuilder sb = new StringBuilder();
            sb.append("Soak run of ").append(duration.toSeconds()).append(" s, seed ").append(seed)
                    .append(", ").append(platformWorkers).append(" platform and ")
                    .append(virtualWorkers).append(" virtual worker threads on ")
                    .append(System.getProperty("java.vm.name")).append(' ')
                    .append(System.getProperty("java.version")).append(": ")
                    .append(passed() ? "passed" : "FAILED").append(", ").append(checkpoints)
                    .append(" checkpoints passed.\n\n");
            sb.append("| family | what happened |\n|---|---|\n");
            counts.forEach((family, kinds) -> {
                StringBuilder what = new StringBuilder();
                kinds.forEach((kind, n) -> what.append(what.length() == 0 ? "" : ", ")
                        .append(String.format("%,d", n)).append(' ').append(kind));
                sb.append("| ").append(family).append(" | ").append(what).append(" |\n");
            });
            int every = Math.max(1, (heapAfterGc.size() + 19) / 20);
            sb.append("\nHeap after GC at ").append(every == 1 ? "each checkpoint"
                    : "every " + every + "th checkpoint and the last").append(" (MiB): ");
            for (int i = 0; i < heapAfterGc.size(); i++) {
                if (i % every == 0 || i == heapAfterGc.size() - 1) {
                    sb.append(i == 0 ? "" : ", ").append(heapAfterGc.get(i) >> 20);
                }
            }
            sb.append(".\n");
            for (String v : violations) {
                sb.append("\nVIOLATION: ").append(v).append('\n');
            }
            return sb.toString();
        }
    }

    private static final long CHECKPOINT_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final List<Family> families;
    private final Duration duration;
    private final long seed;
    private final long checkpointTimeoutNanos;
    private final Tally tally = new Tally();
    private final List<String> violations = new ArrayList<>();
    private final List<Long> heap = new ArrayList<>();
    private volatile boolean pause;
    private volatile boolean stop;

    Soak(List<Family> families, Duration duration, long seed, Duration checkpointTimeout) {
        this.families = families;
        this.duration = duration;
        this.seed = seed;
        this.checkpointTimeoutNanos = checkpointTimeout.toNanos();
    }

    /** Every family of the library, as the soak runs them. */
    public static List<Family> allFamilies() {
        List<Family> all = new ArrayList<>();
        for (ReadersWritersPolicy p : ReadersWritersPolicy.values()) {
            all.add(new LockFamily(p));
        }
        for (Fairness f : Fairness.values()) {
            all.add(new SemaphoreFamily(f));
        }
        for (TimeoutPolicy p : TimeoutPolicy.values()) {
            all.add(new BarrierFamily(p));
        }
        all.add(new EventFamily());
        all.add(new CounterFamily());
        all.add(new OrderingFamily());
        return all;
    }

    /** Runs every family for {@code duration} from {@code seed}. */
    public static Result run(Duration duration, long seed) throws InterruptedException {
        return new Soak(allFamilies(), duration, seed, Duration.ofSeconds(30)).run();
    }

    Result run() throws InterruptedException {
        int platform = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        int virtual = VIRTUAL == null ? 0 : platform;
        List<Thread> workers = new ArrayList<>();
        Phaser checkpoint = new Phaser(1); // the main thread, plus every worker
        AtomicReference<Throwable> crash = new AtomicReference<>();
        for (int i = 0; i < platform + virtual; i++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + i);
            checkpoint.register();
            Runnable body = () -> work(random, checkpoint, crash);
            Thread t = i < platform ? new Thread(body, "soak-" + i) : virtualThread(body);
            t.setDaemon(true); // a worker stuck by a defect must not keep the JVM alive
            workers.add(t);
        }
        Thread chaos = new Thread(() -> interruptAtRandom(workers, new SplittableRandom(seed)),
                "soak-chaos");
        chaos.setDaemon(true);
        workers.forEach(Thread::start);
        chaos.start();
        long end = System.nanoTime() + duration.toNanos();
        int passed = 0;
        try {
            while (true) {
                long wait = Math.min(CHECKPOINT_EVERY_NANOS, end - System.nanoTime());
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                stop = System.nanoTime() - end >= 0;
                if (!quiesce(checkpoint, workers)) {
                    break;
                }
                checkAll(crash);
                if (!violations.isEmpty()) {
                    break;
                }
                passed++;
                if (stop) {
                    break;
                }
                pause = false;
                checkpoint.arrive(); // the workers go on
            }
        } finally {
            stop = true;
            pause = false;
            chaos.interrupt();
            checkpoint.forceTermination();
            // workers stuck in a lost wake-up never return: wait for the others, not for them
            long joinEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(violations.isEmpty()
                    ? 10 : 1);
            for (Thread t : workers) {
                long left = joinEnd - System.nanoTime();
                if (left > 0) {
                    TimeUnit.NANOSECONDS.timedJoin(t, left);
                }
            }
        }
        return new Result(seed, duration, violations, passed, heap, tally.snapshot(), platform,
                virtual);
    }

    /** Brings every worker to the checkpoint; false (with a violation) if one never comes. */
    private boolean quiesce(Phaser checkpoint, List<Thread> workers) throws InterruptedException {
        pause = true;
        int phase = checkpoint.arrive();
        try {
            checkpoint.awaitAdvanceInterruptibly(phase, checkpointTimeoutNanos,
                    TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            StringBuilder stuck = new StringBuilder("a worker did not reach the checkpoint within "
                    + TimeUnit.NANOSECONDS.toSeconds(checkpointTimeoutNanos) + " s (a lost wake-up"
                    + " or a deadlock); seed " + seed + ". Stuck workers:");
            for (Thread t : workers) {
                if (t.getState() == Thread.State.WAITING
                        || t.getState() == Thread.State.TIMED_WAITING) {
                    StackTraceElement[] stack = t.getStackTrace();
                    if (stack.length > 0 && !stack[0].toString().contains("Phaser")
                            && !isAtCheckpoint(stack)) {
                        stuck.append("\n  ").append(t.getName()).append(" blocked on ")
                                .append(java.util.concurrent.locks.LockSupport.getBlocker(t));
                        for (int i = 0; i < Math.min(12, stack.length); i++) {
                            stuck.append("\n      at ").append(stack[i]);
                        }
                    }
                }
            }
            violations.add(stuck.toString());
            return false;
        }
    }

    private static boolean isAtCheckpoint(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals(Phaser.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private void checkAll(AtomicReference<Throwable> crash) {
        Throwable t = crash.get();
        if (t != null) {
            violations.add("a worker failed with " + t + "; seed " + seed);
        }
        for (Family f : families) {
            for (String v : f.check()) {
                violations.add(v + " (seed " + seed + "; mix: " + tally.snapshot().get(f.name())
                        + ")");
            }
        }
        System.gc();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        heap.add(used);
        if (heap.size() >= 3) {
            long floor = heap.subList(1, heap.size() - 1).stream().mapToLong(Long::longValue)
                    .min().orElse(used);
            if (used > 2 * floor + (64L << 20)) {
                violations.add("heap after GC grew from " + (floor >> 20) + " MiB to "
                        + (used >> 20) + " MiB: something is retained; seed " + seed);
            }
        }
    }

    private void work(SplittableRandom random, Phaser checkpoint,
            AtomicReference<Throwable> crash) {
        try {
            while (true) {
                if (pause) {
                    Thread.interrupted();
                    checkpoint.arriveAndAwaitAdvance(); // quiescent: nothing held; main checks
                    if (stop || checkpoint.isTerminated()) {
                        return;
                    }
                    checkpoint.arriveAndAwaitAdvance(); // main lets us go on
                    if (stop || checkpoint.isTerminated()) {
                        return;
                    }
                    continue;
                }
                Family f = families.get(random.nextInt(families.size()));
                try {
                    f.step(random, tally);
                } catch (InterruptedException e) {
                    tally.add(f.name(), "interrupts");
                }
                Thread.interrupted(); // an interrupt that came too late for this step
            }
        } catch (Throwable t) {
            crash.compareAndSet(null, t);
            checkpoint.arriveAndDeregister();
        }
    }

    private void interruptAtRandom(List<Thread> workers, SplittableRandom random) {
        try {
            while (!stop) {
                Thread.sleep(0, 200_000);
                if (!pause) {
                    workers.get(random.nextInt(workers.size())).interrupt();
                }
            }
        } catch (InterruptedException done) {
            // the run is over
        }
    }

    /** {@code Thread.ofVirtual().unstarted(Runnable)} on JDK 21+, else null. */
    private static final MethodHandle VIRTUAL = findVirtual();

    private static MethodHandle findVirtual() {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            Class<?> builder = Class.forName("java.lang.Thread$Builder");
            Class<?> ofVirtualType = Class.forName("java.lang.Thread$Builder$OfVirtual");
            MethodHandle ofVirtual = lookup.findStatic(Thread.class, "ofVirtual",
                    MethodType.methodType(ofVirtualType)).asType(MethodType.methodType(builder));
            MethodHandle unstarted = lookup.findVirtual(builder, "unstarted",
                    MethodType.methodType(Thread.class, Runnable.class));
            return MethodHandles.foldArguments(unstarted, ofVirtual); // (Runnable) -> Thread
        } catch (ReflectiveOperationException e) {
            return null; // JDK 17: platform threads only
        }
    }

    private static Thread virtualThread(Runnable body) {
        try {
            return (Thread) VIRTUAL.invoke(body);
        } catch (Throwable e) {
            throw new IllegalStateException("cannot start a virtual thread", e);
        }
    }

    /** Arguments: duration (60s, 30m), optional seed, optional report file (markdown). */
    public static void main(String[] args) throws InterruptedException, IOException {
        Duration duration = parse(args.length > 0 ? args[0] : "60s");
        long seed = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        Result r = run(duration, seed);
        String report = r.report();
        System.out.println(report);
        if (args.length > 2) {
            Files.writeString(Path.of(args[2]), report, StandardCharsets.UTF_8);
        }
        if (!r.passed()) {
            System.exit(1);
        }
    }

    static Duration parse(String text) {
        long n = Long.parseLong(text.substring(0, text.length() - 1));
        switch (text.charAt(text.length() - 1)) {
            case 's':
                return Duration.ofSeconds(n);
            case 'm':
                return Duration.ofMinutes(n);
            case 'h':
                return Duration.ofHours(n);
            default:
                throw new IllegalArgumentException("a duration like 60s, 30m or 2h: " + text);
        }
    }
}
