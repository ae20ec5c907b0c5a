package org.civicbroker.events;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.reactivestreams.client.MongoCollection;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.civicbroker.model.Entity;
import org.civicbroker.persistence.EntityDocuments;
import org.civicbroker.persistence.Rx;
import org.civicbroker.persistence.StoreAccess;
import org.civicbroker.query.geo.BoundingBox;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The durable change journal: every acknowledged write is appended here (collection
 * {@value #COLLECTION} of the default database) before the API answers, with the names of the
 * {@link ChangeConsumer}s that still have to see it. A consumer's name is removed when it has handled
 * the change, and the entry is deleted when no consumer is left. At start-up the entries still pending
 * are handed to their consumers again, so neither the temporal history nor a notification of an
 * acknowledged write is lost when the broker stops or crashes before the consumers caught up.
 *
 * <p>Sequence numbers come from this instance (from the clock in microseconds at start-up, or past the
 * largest stored one), so they grow across restarts and consumers can key idempotent writes on them. A
 * deployment of several broker instances on one MongoDB needs a shared stream (see docs/architecture.md).
 */
@ApplicationScoped
public class ChangeJournal {

    public static final String COLLECTION = "changeJournal";
    /**
     * Runs before the other shutdown observers ({@code jakarta.interceptor.Interceptor.Priority.PLATFORM_BEFORE}):
     * the consumers stop before anything they write to (the outbox) closes.
     */
    public static final int SHUTDOWN_PRIORITY = 0;
    /**
     * How long shutdown waits for the batches in flight: a batch of 256 history changes takes seconds on a
     * loaded machine, and container runtimes allow 10-30 s between SIGTERM and SIGKILL.
     */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(8);
    private static final Logger LOG = Logger.getLogger(ChangeJournal.class);

    private final StoreAccess store;
    private final MeterRegistry metrics;
    private final EntityDocuments documents = new EntityDocuments(BoundingBox::documentOf);
    private final Map<String, ConsumerQueue> queues = new LinkedHashMap<>();
    private final AtomicLong seq = new AtomicLong();
    /**
     * Appends complete out of order (two requests' commits); their changes are handed to the consumers in
     * sequence order, as a replay after a restart hands them: {@link #release} holds a later append's
     * changes until every earlier one has been handed over (or has failed).
     */
    private final Object order = new Object();
    private final java.util.TreeMap<Long, List<ChangeConsumer.Entry>> waiting = new java.util.TreeMap<>();
    private final java.util.Set<Long> skipped = new java.util.HashSet<>();
    /** Appends (by first sequence number) waiting in {@link #waiting} whose journal insert failed. */
    private final java.util.Set<Long> unjournaled = new java.util.HashSet<>();
    private long nextOffer = 1;
    /** Per journaled change, how many consumers have still to handle it (mirrors its {@code pending} list). */
    private final Map<Long, AtomicInteger> remaining = new ConcurrentHashMap<>();
    private final int batchSize;
    private final DeadLetters deadLetters;

    public ChangeJournal(StoreAccess store, MeterRegistry metrics, Instance<ChangeConsumer> consumers, DeadLetters deadLetters,
            @ConfigProperty(name = "civic.events.batch-size", defaultValue = "256") int batchSize,
            @ConfigProperty(name = "civic.events.max-attempts", defaultValue = "10") int maxAttempts) {
        this.store = store;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.deadLetters = deadLetters;
        for (ChangeConsumer c : consumers) {
            queues.put(c.name(), new ConsumerQueue(c, batchSize, maxAttempts, ConsumerQueue.HELD, this::load, this::markDone,
                    this::setAside, metrics));
        }
        ConsumerMetrics.register(metrics, this, queues.values(), deadLetters);
    }

    private MongoCollection<Document> collection() {
        return store.brokerDatabase().getCollection(COLLECTION);
    }

    /** Replays what was pending when the broker stopped, before the API takes new writes. */
    void onStart(@Observes StartupEvent ev) {
        deadLetters.load().await().indefinitely();
        Document last = Rx.uni(collection().find().sort(Sorts.descending("_id")).limit(1).first()).await().indefinitely();
        // Sequence numbers stay unique across restarts even when the journal was emptied: start from the
        // clock (microseconds) unless the journal already holds a larger number.
        long stored = last == null ? 0 : last.get("_id", Number.class).longValue();
        synchronized (order) {
            seq.set(Math.max(stored, System.currentTimeMillis() * 1000));
            nextOffer = seq.get() + 1;
            waiting.clear();
        }
        if (last != null) {
            int n = replayPending(Filters.empty()).await().indefinitely();
            LOG.infof("Change journal: %d change(s) pending from before the restart handed to their consumers", n);
        }
    }

    /**
     * Ordered shutdown, step one (docs/architecture.md "Recovery model"): every consumer stops taking
     * batches and the batches in flight complete, before the store is closed (the store's bean is destroyed
     * after every {@code ShutdownEvent} observer has run, and closing it commits and writes the clean-close
     * marker). A consumer that went on running would reach the store after it was closed, through a bean
     * created again, and the next start would check every index. What is still queued stays pending in
     * the journal and is handed over again at the next start.
     */
    void onShutdown(@Observes @Priority(SHUTDOWN_PRIORITY) ShutdownEvent ev) throws InterruptedException {
        stopConsumers(SHUTDOWN_WAIT);
    }

    /** Stops the consumers and waits up to {@code wait} in all for their batches in flight; false if one is still running. */
    boolean stopConsumers(Duration wait) throws InterruptedException {
        queues.values().forEach(ConsumerQueue::stop);
        long deadline = System.nanoTime() + wait.toNanos();
        boolean idle = true;
        for (ConsumerQueue q : queues.values()) {
            if (!q.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                idle = false;
                LOG.warnf("Change consumer %s still busy after %d s at shutdown; its changes are handed over again at the next start",
                        q.name(), wait.toSeconds());
            }
        }
        Map<String, Integer> left = backlog();
        if (left.values().stream().anyMatch(n -> n > 0)) {
            LOG.infof("Change consumers stopped; changes left for the next start: %s", left);
        }
        return idle;
    }

    /** Journal entries per reply of the replay's query (their sequence numbers, consumers and times only). */
    static final int REPLAY_PAGE = 1000;

    /**
     * Hands the stored changes matching {@code filter} to the consumers still named in their
     * {@code pending} lists, in sequence order; returns how many. Reads only each entry's sequence number,
     * pending consumers and time: the consumers' queues keep the entries in the journal and load them a
     * batch at a time as they drain ({@link #load}), so neither the start-up time nor the memory grows with
     * the payload of the backlog (a stop with 72,512 history changes pending left 100 MB of entries, several
     * times that decoded, which held in the queues slowed a 1 GB heap to a crawl).
     */
    Uni<Integer> replayPending(Bson filter) {
        if (queues.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Bson pending = Filters.and(filter, Filters.in("pending", queues.keySet()));
        return Rx.multi(collection().find(pending).projection(new Document("_id", 1).append("pending", 1).append("at", 1))
                        .batchSize(REPLAY_PAGE))
                .map(d -> new Pending(d.get("_id", Number.class).longValue(), d.getDate("at"),
                        d.getList("pending", String.class, List.of()).stream().filter(queues::containsKey).toList()))
                .collect().asList()
                .map(this::handOver);
    }

    /** A journal entry still pending at a replay, without its payload. */
    private record Pending(long seq, Date at, List<String> consumers) {
    }

    /** Queues the stored changes (any order) for their pending consumers in sequence order; returns how many. */
    private int handOver(List<Pending> stored) {
        List<Pending> sorted = new ArrayList<>(stored);
        sorted.sort(java.util.Comparator.comparingLong(Pending::seq));
        Map<String, List<ConsumerQueue.Slot>> slots = new LinkedHashMap<>();
        int handed = 0;
        for (Pending p : sorted) {
            if (p.consumers().isEmpty()) {
                continue;  // handled meanwhile
            }
            remaining.put(p.seq(), new AtomicInteger(p.consumers().size()));
            ConsumerQueue.Slot slot = ConsumerQueue.Slot.stored(p.seq(), p.at() == null ? null : p.at().toInstant());
            for (String name : p.consumers()) {
                slots.computeIfAbsent(name, k -> new ArrayList<>()).add(slot);
            }
            handed++;
        }
        slots.forEach((name, queued) -> queues.get(name).offerStored(queued));
        return handed;
    }

    /**
     * The journal entries with these sequence numbers (for a consumer's queue reaching changes it did not
     * keep in memory); those no longer stored are left out. By {@code _id} alone, which the embedded store
     * answers from its index (a range or a {@code pending} condition scans the whole journal).
     */
    private Uni<List<ChangeConsumer.Entry>> load(List<Long> seqs) {
        return Rx.multi(collection().find(Filters.in("_id", seqs)).batchSize(seqs.size()))
                .map(this::fromDocument)
                .collect().asList();
    }

    /**
     * Appends the changes (one insert), commits, and then hands them to the consumers. Completes when
     * the journal has them durably; consumers run later and never delay the caller.
     * <p>
     * The commit also makes the entity writes these changes describe durable: writers
     * ({@code EntityRepository}, batches) do not commit themselves but publish their changes, so an
     * acknowledged write costs one group commit on the embedded store, not two. It happens even when
     * there is no consumer or the journal insert failed.
     */
    public Uni<Void> append(List<EntityChange> changes) {
        if (changes.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        if (queues.isEmpty()) {
            return store.afterWrite();
        }
        List<ChangeConsumer.Entry> entries = new ArrayList<>(changes.size());
        long first = seq.getAndAdd(changes.size()) + 1;  // one contiguous range per append
        for (EntityChange c : changes) {
            entries.add(new ChangeConsumer.Entry(first + entries.size(), c));
        }
        List<Document> docs = entries.stream().map(this::toDocument).toList();
        java.util.concurrent.atomic.AtomicBoolean journaled = new java.util.concurrent.atomic.AtomicBoolean(true);
        return Rx.uni(collection().insertMany(docs))
                .onFailure().retry().withBackOff(Duration.ofMillis(50), Duration.ofSeconds(1)).atMost(3)
                .replaceWithVoid()
                .onFailure().recoverWithItem(e -> {
                    // the entity write itself succeeded: still deliver, but say that a crash now would lose this
                    metrics.counter("ngsild.change.journal.failures").increment(changes.size());
                    journaled.set(false);
                    LOG.errorf(e, "Change journal: %d change(s) not journaled; delivered from memory only", changes.size());
                    return null;
                })
                .call(store::afterWrite)
                .onItemOrFailure().invoke((ok, failure) -> release(entries, failure == null, journaled.get()))
                .onCancellation().invoke(() -> release(entries, false, false));
    }

    /**
     * Hands {@code entries} (one append's contiguous range) to the consumers once every earlier append
     * has been handed over; {@code deliver} false (the append failed: the client got an error) only lets
     * the later ones go; {@code journaled} false (delivered from memory only) keeps them in the consumers'
     * memory, since they cannot be loaded from the journal.
     */
    private void release(List<ChangeConsumer.Entry> entries, boolean deliver, boolean journaled) {
        synchronized (order) {
            long first = entries.get(0).seq();
            if (first < nextOffer || waiting.containsKey(first)) {
                return;  // already released (a cancellation after the item)
            }
            waiting.put(first, entries);
            if (!deliver) {
                skipped.add(first);
            } else if (!journaled) {
                unjournaled.add(first);
            }
            while (!waiting.isEmpty() && waiting.firstKey() == nextOffer) {
                Map.Entry<Long, List<ChangeConsumer.Entry>> head = waiting.pollFirstEntry();
                nextOffer += head.getValue().size();
                if (!skipped.remove(head.getKey())) {
                    boolean stored = !unjournaled.remove(head.getKey());
                    head.getValue().forEach(e -> remaining.put(e.seq(), new AtomicInteger(queues.size())));
                    queues.values().forEach(q -> q.offer(head.getValue(), stored));
                }
            }
        }
    }

    /**
     * Records that {@code consumer} handled the changes with the sequence numbers {@code done}: entries
     * every consumer has now handled are deleted (by {@code _id}, which the embedded store answers from its
     * index); the others lose the consumer's name, so a restart does not hand them to it again.
     */
    private Uni<Void> markDone(String consumer, List<Long> done) {
        List<Long> finished = new ArrayList<>();
        List<Long> partial = new ArrayList<>();
        for (long seq : done) {
            AtomicInteger left = remaining.get(seq);
            if (left == null || left.decrementAndGet() <= 0) {
                remaining.remove(seq);
                finished.add(seq);
            } else {
                partial.add(seq);
            }
        }
        Uni<Void> pull = partial.isEmpty() ? Uni.createFrom().voidItem()
                : Rx.uni(collection().updateMany(Filters.in("_id", partial), Updates.pull("pending", consumer))).replaceWithVoid();
        // committed (group commit), so a consumer's progress survives a crash and handled() may act on it
        return pull.chain(() -> finished.isEmpty() ? Uni.createFrom().voidItem()
                : Rx.uni(collection().deleteMany(Filters.in("_id", finished))).replaceWithVoid())
                .call(store::afterWrite);
    }

    /** The sequence number of the last change appended (the journal's position). */
    long position() {
        return seq.get();
    }

    /**
     * Sets a change aside for {@code consumer} after it failed on it {@code attempts} times: keeps it in
     * the dead-letter collection with the error, then marks it handled by that consumer.
     */
    private Uni<Void> setAside(String consumer, ChangeConsumer.Entry entry, Throwable error, int attempts) {
        Document change = toDocument(entry);
        change.remove("pending");
        return deadLetters.put(consumer, entry.seq(), change, error, attempts, new Date())
                .chain(() -> markDone(consumer, List.of(entry.seq())));
    }

    /**
     * Hands dead letters back to their consumers (all, or the one with this id): each change is journaled
     * again as pending for that consumer only and queued after the changes already queued, and its dead
     * letter is deleted. A change that fails again is set aside again. Returns how many were retried.
     */
    public Uni<Integer> retryDeadLetters(String id) {
        Uni<List<Document>> letters = id == null ? deadLetters.all()
                : deadLetters.get(id).map(d -> d == null ? List.<Document>of() : List.of(d));
        return letters.chain(docs -> io.smallrye.mutiny.Multi.createFrom().iterable(docs)
                .onItem().transformToUniAndConcatenate(this::retry)
                .collect().asList()
                .map(done -> (int) done.stream().filter(Boolean::booleanValue).count()));
    }

    private Uni<Boolean> retry(Document letter) {
        String consumer = letter.getString("consumer");
        ConsumerQueue q = queues.get(consumer);
        if (q == null) {
            return Uni.createFrom().item(false);  // that consumer no longer exists: leave the letter for the operator
        }
        Document change = new Document(letter.get("change", Document.class));
        ChangeConsumer.Entry entry = fromDocument(change);
        return Rx.uni(collection().updateOne(Filters.eq("_id", entry.seq()), Updates.addToSet("pending", consumer)))
                .chain(r -> r.getMatchedCount() > 0 ? Uni.createFrom().voidItem()
                        : Rx.uni(collection().insertOne(change.append("pending", List.of(consumer)))).replaceWithVoid())
                .call(() -> deadLetters.delete(letter))
                .invoke(() -> {
                    remaining.computeIfAbsent(entry.seq(), k -> new AtomicInteger()).incrementAndGet();
                    q.offer(List.of(entry));
                })
                .replaceWith(true);
    }

    /**
     * The sequence numbers of the stored changes {@code consumer} has still to handle (at start-up: those
     * the journal is about to hand it again).
     */
    public Uni<java.util.Set<Long>> pendingFor(String consumer) {
        return Rx.multi(collection().find(Filters.eq("pending", consumer)).projection(new Document("_id", 1)))
                .map(d -> d.get("_id", Number.class).longValue())
                .collect().asList().map(java.util.HashSet::new);
    }

    /** How many changes each consumer still has to handle (for tests, metrics and shutdown). */
    public Map<String, Integer> backlog() {
        Map<String, Integer> out = new LinkedHashMap<>();
        queues.forEach((name, q) -> out.put(name, q.size()));
        return out;
    }

    Document toDocument(ChangeConsumer.Entry e) {
        EntityChange c = e.change();
        return new Document("_id", e.seq())
                .append("tenant", c.tenant())
                .append("operation", c.operation().name())
                .append("entityId", c.entityId())
                .append("before", c.before() == null ? null : documents.toDocument(c.before()))
                .append("after", c.after() == null ? null : documents.toDocument(c.after()))
                .append("at", Date.from(c.at()))
                .append("pending", new ArrayList<>(queues.keySet()));
    }

    ChangeConsumer.Entry fromDocument(Document d) {
        Document before = d.get("before", Document.class);
        Document after = d.get("after", Document.class);
        Entity b = before == null ? null : documents.toEntity(before);
        Entity a = after == null ? null : documents.toEntity(after);
        EntityChange c = new EntityChange(d.getString("tenant"), EntityChange.Operation.valueOf(d.getString("operation")),
                d.getString("entityId"), b, a, d.getDate("at").toInstant());
        return new ChangeConsumer.Entry(d.get("_id", Number.class).longValue(), c);
    }
}
