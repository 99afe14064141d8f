package io.github.signalbox.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Test participants: each is its own ZkPrimitives (its own ZooKeeper session, as another process
 * would have) with a thread of its own. Close it after the test.
 */
final class ZkParticipants implements AutoCloseable {

    interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private final String connectString;
    private final String namespace = ZkTesting.namespace();
    private final List<ZkPrimitives> opened = new ArrayList<>();
    private final List<ExecutorService> threads = new ArrayList<>();

    ZkParticipants() {
        this(ZkTesting.server().getConnectString());
    }

    ZkParticipants(String connectString) {
        this.connectString = connectString;
    }

    String namespace() {
        return namespace;
    }

    ZkPrimitives connect() {
        ZkPrimitives zk = ZkPrimitives.connect(ZkTesting.client(connectString), namespace);
        opened.add(zk);
        return zk;
    }

    ExecutorService thread() {
        ExecutorService e = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        threads.add(e);
        return e;
    }

    static <T> CompletableFuture<T> on(ExecutorService thread, ThrowingSupplier<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                f.complete(body.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    <T> CompletableFuture<T> async(ThrowingSupplier<T> body) {
        return on(thread(), body);
    }

    static <T> T get(CompletableFuture<T> f) throws Exception {
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        threads.forEach(ExecutorService::shutdownNow);
        for (ZkPrimitives zk : opened) {
            zk.close();
            zk.curator().close();
        }
    }
}
