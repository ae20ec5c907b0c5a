package org.civicbroker.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19: once the application's store bean has been destroyed at shutdown (commit, close, clean-close
 * marker), a late caller that makes CDI create the bean again in the same application gets an error rather
 * than a store opened again (which deleted the marker and was never closed, so the next start checked every
 * index). Another application in the same JVM (tests restart Quarkus) opens its store as usual.
 */
class StoreProducerShutdownTest {

    @TempDir
    Path dir;

    @Test
    void theStoreIsNotOpenedAgainByTheApplicationThatClosedIt() {
        Object application = new Object();
        StoreProducer producer = new StoreProducer(Optional.empty(), dir.toString(), 16, true, Duration.ZERO, 0);
        producer.close(application);
        assertThat(dir.resolve(EmbeddedStore.CLEAN_MARKER)).as("clean-close marker").exists();

        assertThatThrownBy(() -> StoreProducer.refuseAfterClose(application))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("shutting down");
        assertThat(dir.resolve(EmbeddedStore.CLEAN_MARKER)).as("the marker is still there").exists();

        Object next = new Object();
        StoreProducer.refuseAfterClose(next);  // a new application opens its store
        StoreProducer.refuseAfterClose(null);  // no container (plain tests)
        StoreProducer again = new StoreProducer(Optional.empty(), dir.toString(), 16, true, Duration.ZERO, 0);
        assertThat(again.embedded().orElseThrow().repairReport()).as("no index check after a clean close").isNull();
        again.close(next);
    }
}
