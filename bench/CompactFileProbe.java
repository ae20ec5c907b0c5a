import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;

/**
 * How long H2's {@code MVStore.compactFile(maxMillis)} takes on a given embedded store file: what the online
 * compaction did before it worked in steps (issue 19, docs/architecture.md "The file stays proportional to
 * the data"), every command of the broker held back meanwhile. Run it on a COPY of a stopped broker's
 * {@code civic-broker.mv} (it compacts the file):
 *
 * <pre>
 * java -cp "target/quarkus-app/lib/main/*" bench/CompactFileProbe.java /tmp/copy/civic-broker.mv [1000]
 * </pre>
 *
 * It opens the store as the broker does (256 MB cache, no auto-commit, every collection map opened through
 * mongo-java-server's H2 backend: H2 only rewrites pages of open maps), then, as the old code did, keeps no
 * old versions and calls {@code compactFile} once, printing its duration and the file's size and live share
 * before and after.
 */
public class CompactFileProbe {

    public static void main(String[] args) {
        int maxMillis = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        MVStore store = new MVStore.Builder().fileName(args[0]).cacheSize(256).autoCommitDisabled()
                .autoCommitBufferSize(0).open();
        new H2Backend(store);
        print("before", store);
        store.setVersionsToKeep(0);
        long t0 = System.nanoTime();
        store.compactFile(maxMillis);
        System.out.printf("compactFile(%d) took %d ms%n", maxMillis, (System.nanoTime() - t0) / 1_000_000);
        print("after", store);
        store.close();
    }

    static void print(String when, MVStore store) {
        FileStore<?> fs = store.getFileStore();
        System.out.printf("%s: %d MB, %d%% of it in use, chunks %d%% full: %d%% live data%n", when, fs.size() >> 20,
                fs.getFillRate(), fs.getChunksFillRate(), fs.getFillRate() * fs.getChunksFillRate() / 100);
    }
}
