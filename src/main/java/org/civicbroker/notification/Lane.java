package org.civicbroker.notification;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * One subscription's delivery lane (clause 5.11): its pending notifications in order, at most one in
 * flight, a failed one retried (after the delay its {@link Outlet} gives) and holding the lane until it is
 * delivered or given up.
 *
 * <p>Bounded memory (issue 19): the lane holds at most {@code maxHeld} notifications with their rendered
 * body; a notification queued beyond that (a receiver down while its subscription keeps firing, or the
 * outbox recovered at start-up) is kept as its outbox id only and read back from the outbox
 * ({@link Outlet#load}, by id, up to {@code maxHeld} at a time) once the held ones are done. The held ones
 * always come first: while any id is waiting, a new notification waits as an id too, so the order is the
 * order of queuing. A waiting id that is no longer in the outbox when loaded is skipped with a warning.
 */
final class Lane {

    /** Notifications a lane holds with their body: a few MB per subscription at a few KB per body. */
    static final int HELD = 256;
    private static final Logger LOG = Logger.getLogger(Lane.class);
    private static final long MAX_LOAD_BACKOFF_MS = 30_000;

    /** What a lane needs from the dispatcher and the outbox. */
    interface Outlet {
        /** Sends the notification; null when its subscription no longer exists (the notification is dropped). */
        Uni<Void> send(Pending p);

        /** The notification was delivered. */
        void sent(Pending p);

        /** The {@code attempts}-th attempt in a row failed: the delay before the next one in ms, or -1 to give it up. */
        long failed(Pending p, int attempts, Throwable e);

        /** Runs {@code task} after {@code millis}. */
        void later(long millis, Runnable task);

        /** The notification leaves the lane (delivered, given up, its subscription gone, or no longer stored). */
        void removed(String id);

        /** Reads stored notifications by id (in any order; those no longer stored are left out). */
        Uni<List<Pending>> load(List<String> ids);

        /** True once the outbox is closed (shutdown): a lane that cannot load stops quietly. */
        boolean closed();
    }

    private final int maxHeld;
    private final Outlet out;
    /** Notifications held with their body, in order; all of them come before {@link #waiting}. */
    private final ArrayDeque<Pending> held = new ArrayDeque<>();
    /** Outbox ids of the notifications after the held ones, in order, read back when reached. */
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private boolean busy;
    private int attempts;
    private int loadFailures;

    Lane(int maxHeld, Outlet out) {
        this.maxHeld = Math.max(1, maxHeld);
        this.out = out;
    }

    /** Queues a notification: held while the lane is under its bound and nothing waits, else kept as its id. */
    void offer(Pending p) {
        synchronized (this) {
            if (waiting.isEmpty() && held.size() < maxHeld) {
                held.add(p);
            } else {
                waiting.add(p.id());
            }
            if (!start()) {
                return;
            }
        }
        next();
    }

    /** Queues notifications left in the outbox (start-up recovery) by id: they are read when reached. */
    void offerStored(List<String> ids) {
        synchronized (this) {
            waiting.addAll(ids);
            if (!start()) {
                return;
            }
        }
        next();
    }

    /** Under the lock: true when the caller is to start delivering (nothing is going on). */
    private boolean start() {
        if (busy) {
            return false;
        }
        busy = true;
        return true;
    }

    synchronized int size() {
        return held.size() + waiting.size();
    }

    /** Notifications held with their body (at most the bound). */
    synchronized int held() {
        return held.size();
    }

    private void next() {
        Pending head;
        Uni<Void> sending;
        while (true) {
            List<String> page = null;
            synchronized (this) {
                head = held.peek();
                if (head == null) {
                    if (waiting.isEmpty()) {
                        busy = false;
                        return;
                    }
                    page = new ArrayList<>(Math.min(maxHeld, waiting.size()));
                    for (String id : waiting) {
                        if (page.size() == maxHeld) {
                            break;
                        }
                        page.add(id);
                    }
                }
            }
            if (page != null) {
                load(page);
                return;
            }
            try {
                sending = out.send(head);
            } catch (RuntimeException | Error e) {
                // any failure is a failed attempt, retried after the back-off: never a lane stalled for good
                sending = Uni.createFrom().failure(e);
            }
            if (sending != null) {
                break;
            }
            // the subscription was deleted: its pending notifications go with it
            synchronized (this) {
                held.poll();
                attempts = 0;
            }
            out.removed(head.id());
        }
        final Pending p = head;
        sending.subscribe().with(ok -> {
            out.sent(p);
            done(p);
        }, e -> retry(p, e));
    }

    private void retry(Pending p, Throwable e) {
        int n;
        synchronized (this) {
            n = ++attempts;
        }
        long delay = out.failed(p, n, e);
        if (delay < 0) {
            done(p);
        } else {
            out.later(Math.max(1, delay), this::next);
        }
    }

    private void done(Pending p) {
        synchronized (this) {
            held.poll();
            attempts = 0;
        }
        out.removed(p.id());
        next();
    }

    private void load(List<String> page) {
        Uni<List<Pending>> loading;
        try {
            loading = out.load(page);
        } catch (RuntimeException e) {
            loading = Uni.createFrom().failure(e);
        }
        loading.subscribe().with(found -> loaded(page, found), this::loadFailed);
    }

    /** The page (the first waiting ids) was read: its notifications are held now, in order. */
    private void loaded(List<String> page, List<Pending> found) {
        Map<String, Pending> byId = new HashMap<>();
        found.forEach(p -> byId.put(p.id(), p));
        List<String> missing = new ArrayList<>();
        synchronized (this) {
            loadFailures = 0;
            for (String id : page) {
                waiting.poll();  // only this lane's drain takes ids off the front, one page at a time
                Pending p = byId.get(id);
                if (p == null) {
                    missing.add(id);
                } else {
                    held.add(p);
                }
            }
        }
        if (!missing.isEmpty()) {
            LOG.warnf("%d queued notification(s) no longer in the outbox (%s ...); skipped", missing.size(), missing.get(0));
            missing.forEach(out::removed);
        }
        next();
    }

    /** Reading the outbox failed (the store is down): tried again after a back-off, unless shutting down. */
    private void loadFailed(Throwable e) {
        if (out.closed()) {
            synchronized (this) {
                busy = false;
            }
            return;
        }
        int n;
        synchronized (this) {
            n = ++loadFailures;
        }
        long wait = Math.min(MAX_LOAD_BACKOFF_MS, 100L << Math.min(n, 12));
        LOG.warnf("Queued notifications could not be read from the outbox (%s); retrying in %d ms", e.getMessage(), wait);
        out.later(wait, this::next);
    }
}
