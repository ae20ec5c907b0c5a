package org.civicbroker.batch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.jsonld.ContextResolver;
import org.civicbroker.jsonld.LdContext;

/**
 * Splits a batch request body into its elements, each with the JSON-LD context that applies to it
 * (clause 6.3.5): with {@code application/ld+json} every element carries its own {@code @context}; with
 * {@code application/json} the Link header's context applies to all and an element must not carry one.
 * Problems of the whole request (not an array, empty, too many elements) are 400 for the request;
 * problems of one element are that element's error in the result. Pure code.
 */
final class BatchItems {

    /** One element of the request array with its position (from 0) and context. */
    record Item(int index, String id, JsonNode json, LdContext context) {
    }

    private BatchItems() {
    }

    /** Checks the array itself: 400 BadRequestData when it is not an array, empty or over {@code max}. */
    static void checkArray(JsonNode body, int max, String what) {
        if (!body.isArray()) {
            throw NgsiException.badData("The request body must be a JSON array of " + what);
        }
        if (body.isEmpty()) {
            throw NgsiException.badData("The request body is an empty array; a batch needs at least one element");
        }
        if (body.size() > max) {
            throw NgsiException.badData("The batch has " + body.size() + " elements; this broker accepts at most " + max
                    + " per request (civic.batch.max-entities): split it into several requests");
        }
    }

    /**
     * The elements that are JSON objects with a resolvable context; every other element is recorded in
     * {@code result} as an error.
     *
     * @param ld whether the request is application/ld+json
     * @param linkContext the Link header's context (application/json)
     */
    static List<Item> entities(JsonNode body, boolean ld, LdContext linkContext, ContextResolver resolver,
            BatchResult result) {
        List<Item> items = new ArrayList<>(body.size());
        Map<JsonNode, LdContext> resolved = new HashMap<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode element = body.get(i);
            String id = idText(element);
            try {
                if (!element.isObject()) {
                    throw NgsiException.badData("a batch element must be a JSON object (an entity)");
                }
                items.add(new Item(i, id, element, context(element, ld, linkContext, resolver, resolved)));
            } catch (NgsiException e) {
                result.error(id, i, e);
            }
        }
        return items;
    }

    /** Batch delete: the elements that are entity ids (strings); the others are recorded as errors. */
    static List<Item> ids(JsonNode body, BatchResult result) {
        List<Item> items = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) {
            JsonNode element = body.get(i);
            if (!element.isTextual()) {
                result.error("", i, NgsiException.badData("a batch delete element must be an entity id (a string), not "
                        + abbreviate(element.toString())));
                continue;
            }
            items.add(new Item(i, element.textValue(), element, null));
        }
        return items;
    }

    private static LdContext context(JsonNode element, boolean ld, LdContext linkContext, ContextResolver resolver,
            Map<JsonNode, LdContext> resolved) {
        JsonNode ctx = element.get("@context");
        if (!ld) {
            if (ctx != null) {
                throw NgsiException.badData("@context is not allowed in an application/json body: send it in a Link header");
            }
            return linkContext;
        }
        if (ctx == null) {
            throw NgsiException.badData("every element of an application/ld+json batch must contain @context");
        }
        // the elements of one batch usually share their context: resolve each distinct one once
        LdContext c = resolved.get(ctx);
        if (c == null) {
            c = resolver.resolve(ctx);
            resolved.put(ctx, c);
        }
        return c;
    }

    /** The element's id as written (for the error report), or "" when it has no string id. */
    static String idText(JsonNode element) {
        JsonNode id = element.isObject() ? element.get("id") : null;
        return id != null && id.isTextual() ? id.textValue() : "";
    }

    static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
