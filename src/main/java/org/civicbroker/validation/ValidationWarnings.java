package org.civicbroker.validation;

import jakarta.enterprise.context.RequestScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The warn-mode findings of the current request, turned into {@code NGSILD-Warning} response headers
 * by {@link WarningHeaderFilter}. Request scoped: Quarkus keeps the request context on the request's
 * Vert.x duplicated context, so it is the same holder in the Mutiny continuations of the request
 * (tested by ValidationModesApiTest for create and for the read-modify-write update path).
 */
@RequestScoped
public class ValidationWarnings {

    /** Enough to diagnose a payload; a header block must stay small. */
    static final int MAX = 20;

    private final List<String> messages = new ArrayList<>();
    private int dropped;

    public synchronized void add(String message) {
        if (messages.size() < MAX) {
            messages.add(message);
        } else {
            dropped++;
        }
    }

    public synchronized List<String> messages() {
        List<String> out = new ArrayList<>(messages);
        if (dropped > 0) {
            out.add(dropped + " more validation warnings not shown");
        }
        return out;
    }
}
