package io.github.signalbox.stress.semaphores;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.semaphores.BoundedSemaphore;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Proves that blocking and asynchronous acquirers of a one-permit FIFO semaphore share one queue
 * and one permit: a thread that blocks and a request whose callback may run on that thread (when
 * its release grants it) each increment a plain counter under the permit. Both increments
 * survive and the permit ends available, with nobody queued. Run alone:
 * {@code java -jar stress-tests/target/jcstress.jar -t AsyncBlockingPermits}.
 */
@JCStressTest
@Description("Blocking and asynchronous acquirers exclude each other through one queue.")
@Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "Both increments survived; the permit is back.")
@Outcome(expect = FORBIDDEN, desc = "A lost increment, or a permit lost or left queued.")
@State
public class AsyncBlockingPermits {

    private final BoundedSemaphore semaphore = BoundedSemaphore.fifo(1);
    private int count;

    @Actor
    public void blocking() {
        semaphore.acquireUninterruptibly();
        try {
            count++;
        } finally {
            semaphore.release();
        }
    }

    @Actor
    public void async() {
        semaphore.acquireAsync().thenAccept(permit -> {
            try {
                count++;
            } finally {
                permit.close();
            }
        }).join();
    }

    @Arbiter
    public void arbiter(II_Result r) {
        r.r1 = count;
        r.r2 = semaphore.availablePermits() == 1 && semaphore.getQueueLength() == 0 ? 1 : 0;
    }
}
