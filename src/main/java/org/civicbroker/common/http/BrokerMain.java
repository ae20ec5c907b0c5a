package org.civicbroker.common.http;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The broker's entry point: Quarkus's own, after one system property that must be set before Quarkus's
 * HTTP layer is initialised. Quarkus answers a request target that {@code java.net.URI} rejects (an
 * invalid percent-encoding, a character a URI may not hold) with an empty 400 before the router;
 * {@code vertx.disableURIValidation} turns that check off, and {@link RequestLimits} makes the same check
 * at the head of the router, answering a ProblemDetails (issue 19, "every error is a ProblemDetails").
 * The tests set the property in the build (surefire), since they do not start through this class.
 */
@QuarkusMain
public final class BrokerMain {

    static final String DISABLE_URI_VALIDATION = "vertx.disableURIValidation";

    private BrokerMain() {
    }

    public static void main(String... args) {
        if (System.getProperty(DISABLE_URI_VALIDATION) == null) {
            System.setProperty(DISABLE_URI_VALIDATION, "true");
        }
        Quarkus.run(args);
    }
}
