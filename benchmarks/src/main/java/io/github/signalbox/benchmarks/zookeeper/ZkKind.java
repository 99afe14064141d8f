package io.github.signalbox.benchmarks.zookeeper;

import io.github.signalbox.locks.ReadersWritersPolicy;
import io.github.signalbox.zookeeper.ZkPrimitives;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;

/**
 * What an uncontended acquire+release costs on ZooKeeper: signalbox's distributed primitives
 * ({@code SB_*}) against the Curator recipe a user would otherwise pick ({@code CURATOR_*}).
 */
public enum ZkKind {
    SB_WRITE {
        @Override
        Op create(CuratorFramework curator, String path) {
            var lock = ZkPrimitives.connect(curator, path).readersWritersLock("rw",
                    ReadersWritersPolicy.FAIR);
            return () -> lock.write().close();
        }
    },
    SB_WRITE_WRITER_PREFERENCE {
        @Override
        Op create(CuratorFramework curator, String path) {
            var lock = ZkPrimitives.connect(curator, path).readersWritersLock("rw",
                    ReadersWritersPolicy.WRITER_PREFERENCE);
            return () -> lock.write().close();
        }
    },
    CURATOR_RW_WRITE {
        @Override
        Op create(CuratorFramework curator, String path) {
            InterProcessMutex lock = new InterProcessReadWriteLock(curator, path + "/rw")
                    .writeLock();
            return () -> {
                lock.acquire();
                lock.release();
            };
        }
    },
    SB_READ {
        @Override
        Op create(CuratorFramework curator, String path) {
            var lock = ZkPrimitives.connect(curator, path).readersWritersLock("rw",
                    ReadersWritersPolicy.FAIR);
            return () -> lock.read().close();
        }
    },
    CURATOR_RW_READ {
        @Override
        Op create(CuratorFramework curator, String path) {
            InterProcessMutex lock = new InterProcessReadWriteLock(curator, path + "/rw")
                    .readLock();
            return () -> {
                lock.acquire();
                lock.release();
            };
        }
    },
    CURATOR_MUTEX {
        @Override
        Op create(CuratorFramework curator, String path) {
            InterProcessMutex lock = new InterProcessMutex(curator, path + "/mutex");
            return () -> {
                lock.acquire();
                lock.release();
            };
        }
    },
    SB_SEMAPHORE {
        @Override
        Op create(CuratorFramework curator, String path) {
            var semaphore = ZkPrimitives.connect(curator, path).boundedSemaphore("sem", 3);
            return () -> semaphore.acquirePermit().close();
        }
    },
    CURATOR_SEMAPHORE_V2 {
        @Override
        Op create(CuratorFramework curator, String path) {
            InterProcessSemaphoreV2 semaphore = new InterProcessSemaphoreV2(curator,
                    path + "/sem", 3);
            return () -> {
                Lease lease = semaphore.acquire();
                semaphore.returnLease(lease);
            };
        }
    };

    /** One acquire+release. */
    interface Op {
        void run() throws Exception;
    }

    abstract Op create(CuratorFramework curator, String path);
}
