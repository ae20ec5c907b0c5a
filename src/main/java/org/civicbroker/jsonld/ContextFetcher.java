package org.civicbroker.jsonld;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.civicbroker.common.error.ErrorType;
import org.civicbroker.common.error.NgsiException;

/**
 * Fetches remote @context documents over http(s) with a deadline and a size limit. Only the
 * transport lives here; parsing and caching are {@link ContextCache}'s job.
 *
 * <p>Every transport failure (unreachable, timeout, non-2xx, oversized) is reported as
 * LdContextNotAvailable (503, GS CIM 009 clause 5.5.2): the request itself may be valid, the broker
 * just could not obtain the context. An oversized document is treated the same way because the
 * limit is the broker's resource policy, not a defect of the request or of the context.
 */
final class ContextFetcher {

    private static final int MAX_REDIRECTS = 5;

    private final HttpClient client;
    private final Duration timeout;
    private final int maxSize;
    private final ContextHosts hosts;
    private final JsonLdConfig.ContextCredentials credentials;

    ContextFetcher(Duration timeout, int maxSize) {
        this(timeout, maxSize, ContextHosts.PERMISSIVE);
    }

    ContextFetcher(Duration timeout, int maxSize, ContextHosts hosts) {
        this(timeout, maxSize, hosts, JsonLdConfig.ContextCredentials.NONE);
    }

    ContextFetcher(Duration timeout, int maxSize, ContextHosts hosts, JsonLdConfig.ContextCredentials credentials) {
        this.timeout = timeout;
        this.maxSize = maxSize;
        this.hosts = hosts;
        this.credentials = credentials;
        // Redirects are followed here, hop by hop (JSON-LD 1.1 API 9.4.1 expects loaders to follow
        // them; w3id.org contexts always redirect), so that every hop's host is checked.
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * Rejects anything but absolute http(s) URLs before any I/O: a context reference is user input,
     * and file:, jar: or ftp: URLs would let a client make the broker read local or internal resources.
     */
    static URI checkUrl(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (Exception e) {
            throw NgsiException.badData("@context URL is not a valid URI: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw NgsiException.badData("@context URL must be an absolute http or https URL: " + url);
        }
        return uri;
    }

    /**
     * Refuses hosts the {@link ContextHosts} policy excludes: by name (denied and allowed lists), then by
     * each address the name resolves to (link-local always; loopback and private unless allowed).
     */
    void checkHost(URI uri) {
        hosts.checkName(uri.getHost());
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            return;  // the fetch itself reports the unknown host as 503
        }
        for (InetAddress a : addresses) {
            hosts.checkAddress(uri.getHost(), a);
        }
    }

    byte[] fetch(String url) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = checkUrl(url);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            checkHost(uri);
            HttpResponse<byte[]> response = fetchOnce(url, uri, deadline);
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("Location");
            if (status >= 300 && status <= 399 && status != 304 && location.isPresent()) {
                URI next = uri.resolve(location.get().trim());
                if ("https".equalsIgnoreCase(uri.getScheme()) && "http".equalsIgnoreCase(next.getScheme())) {
                    throw unavailable(url, "redirect from https to http refused", null);
                }
                uri = checkUrl(next.toString());
                continue;
            }
            if (status < 200 || status > 299) {
                throw unavailable(url, "HTTP status " + status, null);
            }
            return response.body();
        }
        throw unavailable(url, "more than " + MAX_REDIRECTS + " redirects", null);
    }

    private HttpResponse<byte[]> fetchOnce(String url, URI uri, long deadline) {
        long remaining = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", "application/ld+json, application/json;q=0.9")
                .GET();
        // the credential configured for this hop's host, if any (a redirect elsewhere does not carry it)
        String authorization;
        try {
            authorization = credentials.authorization(uri);
        } catch (RuntimeException e) {
            throw unavailable(url, "no credential for " + uri.getHost() + ": " + e.getMessage(), e);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder.build();
        CompletableFuture<HttpResponse<byte[]>> future =
                client.sendAsync(request, info -> new LimitedBody(maxSize, info.headers().firstValueAsLong("Content-Length").orElse(-1)));
        HttpResponse<byte[]> response;
        try {
            // The request timeout only covers the response headers; this deadline also bounds a
            // server that trickles the body.
            response = future.get(remaining, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw unavailable(url, "no complete response within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(url, "interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TooLarge) {
                throw unavailable(url, "document larger than " + maxSize + " bytes", cause);
            }
            throw unavailable(url, cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        }
        return response;
    }

    private static NgsiException unavailable(String url, String why, Throwable cause) {
        return new NgsiException(ErrorType.LD_CONTEXT_NOT_AVAILABLE,
                "Unable to retrieve @context " + url + ": " + why, cause);
    }

    private static final class TooLarge extends IOException {
        TooLarge() {
            super("too large", null);
        }
    }

    /** Collects the body, failing (and cancelling the stream) as soon as it passes the limit. */
    private static final class LimitedBody implements BodySubscriber<byte[]> {
        private final int limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        LimitedBody(int limit, long declaredLength) {
            this.limit = limit;
            if (declaredLength > limit) {
                result.completeExceptionally(new TooLarge());
            }
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            if (result.isDone()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer item : items) {
                if (buffer.size() + item.remaining() > limit) {
                    result.completeExceptionally(new TooLarge());
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[item.remaining()];
                item.get(chunk);
                buffer.writeBytes(chunk);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(buffer.toByteArray());
        }
    }
}
