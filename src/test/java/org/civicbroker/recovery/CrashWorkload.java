package org.civicbroker.recovery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent writers for the crash test: each owns its entities (type {@value #TYPE}, attribute
 * {@code n} counting that entity's writes) and creates, updates, batch-upserts and deletes them. Every
 * write's outcome is tracked per entity: acknowledged (a 2xx answer) or "maybe" (no answer: the broker
 * was killed, so it may or may not have been applied). An entity whose write was not acknowledged is
 * retired, so its maybe-write is always its last.
 */
final class CrashWorkload {

    static final String TYPE = "CrashProbe";

    /** One entity's history as the client knows it. */
    static final class Tracked {
        final String id;
        /** Acknowledged writes in order: the n value written, or {@link NotificationLog#DELETED}. */
        final List<Long> acked = new CopyOnWriteArrayList<>();
        /** The last write, unacknowledged (null: none). */
        volatile Long maybe;
        volatile boolean retired;

        Tracked(String id) {
            this.id = id;
        }

        long next() {
            return acked.size() + 1L;
        }
    }

    private final HttpClient http;
    private final String base;
    private final Map<String, Tracked> entities = new ConcurrentHashMap<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private volatile boolean running;
    private final List<Thread> threads = new ArrayList<>();

    CrashWorkload(HttpClient http, String base) {
        this.http = http;
        this.base = base;
    }

    Map<String, Tracked> entities() {
        return entities;
    }

    int acknowledged() {
        return acknowledged.get();
    }

    /** Answers that are neither a success nor a lost connection (a 4xx or 5xx): each is a defect. */
    List<String> errors() {
        return errors;
    }

    void start(int writers, long seed) {
        running = true;
        threads.clear();
        for (int w = 0; w < writers; w++) {
            Random random = new Random(seed + w);
            Thread t = new Thread(() -> loop(random), "crash-writer-" + w);
            t.start();
            threads.add(t);
        }
    }

    void stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
    }

    private void loop(Random random) {
        List<Tracked> mine = new ArrayList<>();
        while (running) {
            mine.removeIf(t -> t.retired);
            double r = random.nextDouble();
            if (mine.size() < 3 || r < 0.2) {
                Tracked t = new Tracked("urn:ngsi-ld:" + TYPE + ":" + ids.incrementAndGet());
                entities.put(t.id, t);
                mine.add(t);
                write(List.of(t), "POST", "/ngsi-ld/v1/entities", entity(t.id, 1), 201, false);
            } else if (r < 0.6) {
                Tracked t = mine.get(random.nextInt(mine.size()));
                write(List.of(t), "PATCH", "/ngsi-ld/v1/entities/" + t.id + "/attrs",
                        "{\"n\":{\"type\":\"Property\",\"value\":" + t.next() + "}}", 204, false);
            } else if (r < 0.85) {
                List<Tracked> batch = new ArrayList<>(mine.subList(0, Math.min(4, mine.size())));
                StringBuilder body = new StringBuilder("[");
                for (Tracked t : batch) {
                    body.append(body.length() > 1 ? "," : "").append(entity(t.id, t.next()));
                }
                write(batch, "POST", "/ngsi-ld/v1/entityOperations/upsert?options=update", body.append(']').toString(), 204, false);
            } else {
                Tracked t = mine.get(random.nextInt(mine.size()));
                write(List.of(t), "DELETE", "/ngsi-ld/v1/entities/" + t.id, null, 204, true);
            }
        }
    }

    private static String entity(String id, long n) {
        return "{\"id\":\"" + id + "\",\"type\":\"" + TYPE + "\",\"n\":{\"type\":\"Property\",\"value\":" + n + "}}";
    }

    private void write(List<Tracked> targets, String method, String path, String body, int expected, boolean delete) {
        List<Long> values = targets.stream().map(t -> delete ? NotificationLog.DELETED : t.next()).toList();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        int status;
        String answer;
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            status = r.statusCode();
            answer = r.body();
        } catch (Exception e) {
            // no answer: the broker was killed (or is down); the write may or may not have been applied
            for (int i = 0; i < targets.size(); i++) {
                targets.get(i).maybe = values.get(i);
                targets.get(i).retired = true;
            }
            return;
        }
        if (status != expected) {
            errors.add(method + " " + path + " -> " + status + " " + answer);
            targets.forEach(t -> t.retired = true);
            return;
        }
        for (int i = 0; i < targets.size(); i++) {
            targets.get(i).acked.add(values.get(i));
            if (delete) {
                targets.get(i).retired = true;
            }
        }
        acknowledged.addAndGet(targets.size());
    }
}
