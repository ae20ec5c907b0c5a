package org.civicbroker.persistence;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.WriteModel;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.smallrye.mutiny.Uni;
import java.security.SecureRandom;
import java.util.List;
import org.bson.Document;

/**
 * An unordered bulk write whose per-model errors are a result, not a failure (the other models were
 * still applied), and the write token that version-checked bulk writers (entity batches, temporal
 * history) stamp on the documents they replace.
 */
public final class UnorderedBulk {

    /**
     * A token per bulk write, stored in each document it replaces: when fewer replaces matched than were
     * sent, reading the tokens back tells this write's replace from a concurrent writer's replace of the
     * same version (both store the same next version, and may stamp the same millisecond). Readers ignore
     * the field; the next write without a token drops it.
     */
    public static final String WRITE_TOKEN = "_w";
    private static final SecureRandom TOKENS = new SecureRandom();

    /** What the bulk write did ({@code result} null when the store gave none) and its per-model errors. */
    public record Result(BulkWriteResult result, List<BulkWriteError> errors) {
    }

    private UnorderedBulk() {
    }

    public static long newToken() {
        return TOKENS.nextLong();
    }

    public static Uni<Result> write(MongoCollection<Document> c, List<WriteModel<Document>> models) {
        return Rx.uni(c.bulkWrite(models, new BulkWriteOptions().ordered(false)))
                .map(r -> new Result(r, List.of()))
                .onFailure(MongoBulkWriteException.class)
                .recoverWithItem(e -> {
                    MongoBulkWriteException b = (MongoBulkWriteException) e;
                    return new Result(b.getWriteResult(), b.getWriteErrors());
                });
    }
}
