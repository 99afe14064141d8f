package io.github.signalbox.stress.mutants;

import io.github.signalbox.semaphores.HolderRecords;
import io.github.signalbox.stress.diagnostics.HolderRecordTests;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** The holder-record tests, run against a record that unlists too late: each must be rejected. */
public class HolderRecordMutantTests {

    /** Permits back before the holder is unlisted: the observer must see both at once. */
    @JCStressTest
    @JCStressMeta(HolderRecordTests.ClosedHandleIsUnlistedFirst.class)
    @State
    public static class LateUnlistingClosedHandle extends HolderRecordTests.ClosingBody {
        public LateUnlistingClosedHandle() {
            super(HolderRecords.releasesBeforeUnlisting(1));
        }

        @Actor
        public void closer() {
            permit.close();
        }

        @Actor
        public void observer(II_Result r) {
            observe(r);
        }
    }
}
