package org.civicbroker.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import org.civicbroker.common.error.NgsiException;

/**
 * Structural limits on request bodies, checked before any recursive processing so that later
 * recursion (parsing, storage encoding, compaction, q matching) cannot be driven arbitrarily deep.
 */
public final class JsonGuards {

    /** Maximum nesting depth of any JSON value in a payload (the body itself is depth 1). */
    public static final int MAX_JSON_DEPTH = 64;

    private JsonGuards() {
    }

    /** @throws NgsiException BadRequestData when {@code node} nests deeper than {@link #MAX_JSON_DEPTH} */
    public static void checkDepth(JsonNode node) {
        if (exceeds(node, 1)) {
            throw NgsiException.badData("the payload nests deeper than " + MAX_JSON_DEPTH + " levels");
        }
    }

    private static boolean exceeds(JsonNode node, int depth) {
        if (!node.isContainerNode()) {
            return false;
        }
        if (depth > MAX_JSON_DEPTH) {
            return true;
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            if (exceeds(it.next(), depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
