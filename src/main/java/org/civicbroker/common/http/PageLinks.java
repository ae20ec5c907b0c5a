package org.civicbroker.common.http;

import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Link} headers to the next and previous page of a paged answer (ETSI GS CIM 009 clause 5.5.9,
 * HTTP binding 6.3.10 "Pagination behaviour"): {@code <...>; rel="next"; type="<media type>"} when more
 * results follow the page, {@code rel="prev"} when the page does not start at offset 0, each typed with the
 * media type of the answer (the page it points to is answered in the same one). The targets are
 * absolute-path references (RFC 8288 clause 3.2) made of the resource's canonical path (a trailing slash
 * the client sent is not echoed: {@code /subscriptions/} and {@code /subscriptions} are one resource) and
 * the raw query string with {@code offset} and {@code limit} replaced, every other parameter kept exactly
 * as sent. They are added to any other Link header (such as the JSON-LD @context one). Every paged
 * endpoint uses this one class.
 */
public final class PageLinks {

    private PageLinks() {
    }

    /** The page's position and whether results follow it. */
    public record Page(int offset, int limit, boolean more) {
    }

    /**
     * Adds the next/prev Link headers of {@code page} to {@code r}, typed with {@code r}'s media type;
     * {@code path} null adds none (POST queries).
     */
    public static Response add(Response r, String path, String rawQuery, Page page) {
        String type = r.getMediaType() == null ? null
                : r.getMediaType().getType() + "/" + r.getMediaType().getSubtype();
        List<String> links = of(path, rawQuery, page, type);
        if (links.isEmpty()) {
            return r;
        }
        Response.ResponseBuilder b = Response.fromResponse(r);
        links.forEach(l -> b.header("Link", l));
        return b.build();
    }

    static List<String> of(String path, String rawQuery, Page page, String mediaType) {
        List<String> links = new ArrayList<>(2);
        if (path == null || page.limit() <= 0) {
            return links;  // limit=0 asks for a count only: there are no pages to walk
        }
        String canonical = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        String type = mediaType == null ? "" : "; type=\"" + mediaType + "\"";
        if (page.more()) {
            links.add(link(canonical, rawQuery, page.offset() + page.limit(), page.limit(), "next") + type);
        }
        if (page.offset() > 0) {
            links.add(link(canonical, rawQuery, Math.max(0, page.offset() - page.limit()), page.limit(), "prev") + type);
        }
        return links;
    }

    private static String link(String path, String rawQuery, int offset, int limit, String rel) {
        StringBuilder q = new StringBuilder();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                String name = pair.indexOf('=') < 0 ? pair : pair.substring(0, pair.indexOf('='));
                if (pair.isEmpty() || name.equals("offset") || name.equals("limit")) {
                    continue;
                }
                q.append(pair).append('&');
            }
        }
        q.append("limit=").append(limit).append("&offset=").append(offset);
        // '>' may appear raw in a q expression; inside <...> it must be escaped (RFC 8288 URI-Reference)
        String target = (path + "?" + q).replace(">", "%3E").replace("<", "%3C").replace("\"", "%22").replace(" ", "%20");
        return "<" + target + ">; rel=\"" + rel + "\"";
    }
}
