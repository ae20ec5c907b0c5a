package org.civicbroker.subscription;

import java.util.Optional;
import org.civicbroker.jsonld.ContextUrls;
import org.civicbroker.jsonld.LdContext;

/**
 * The URL of the @context a subscription notifies with (clause 5.2.12 {@code jsonldContext}, else the context
 * the subscription was written with): what an application/json notification links to and what a read-back
 * reports. An inline context (an object, or an array that is not a single URL) has no URL of its own: the
 * broker serves it as an implicitly created context (clause 5.13.1) at {@code civic.jsonld.public-base-url}
 * when set, else under the base URL the client reached the broker at when it created (or last patched) the
 * subscription. Notifications are rendered outside any request, where the broker's own idea of its address
 * is only {@code http://localhost:<port>}, useless to a receiver on another host. Pure code.
 */
public final class ContextLink {

    private ContextLink() {
    }

    /**
     * @param ctx the subscription's notification context, resolved
     * @param publicBaseUrl {@code civic.jsonld.public-base-url} when set
     */
    public static Optional<String> of(Subscription s, LdContext ctx, Optional<String> publicBaseUrl) {
        Optional<String> url = ctx.linkUrl();  // (re)creates the implicit context if it was deleted
        if (!s.inlineContext() || publicBaseUrl.map(String::trim).filter(b -> !b.isEmpty()).isPresent() || s.linkBase() == null) {
            return url;
        }
        return url.map(u -> rebase(u, s.linkBase()));
    }

    /** The URL of the implicitly created context of a subscription written with an inline context, if it has one. */
    public static Optional<String> implicit(Subscription s, LdContext ctx, Optional<String> publicBaseUrl) {
        if (!s.inlineContext()) {
            return Optional.empty();
        }
        return of(s, ctx, publicBaseUrl).filter(u -> u.contains(ContextUrls.PATH));
    }

    /** {@code url} of a context served by the broker, moved under {@code base}. */
    public static String rebase(String url, String base) {
        int at = url.indexOf(ContextUrls.PATH);
        if (at < 0) {
            return url;
        }
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + url.substring(at);
    }
}
