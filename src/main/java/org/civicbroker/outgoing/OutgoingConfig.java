package org.civicbroker.outgoing;

import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials the broker presents when it calls out (docs/security.md, "Outgoing calls"): notifications to
 * subscribers' endpoints and requests forwarded to registered context sources. One entry per destination
 * host, under a name of the operator's choosing: {@code civic.outgoing.credentials.<name>.*}.
 */
@ConfigMapping(prefix = "civic.outgoing")
public interface OutgoingConfig {

    Map<String, Destination> credentials();

    interface Destination {

        /** The host (name or address, case ignored), or {@code host:port}, the credential is presented to. */
        String host();

        /** A static bearer token ({@code Authorization: Bearer <token>}). */
        Optional<String> bearerToken();

        /** OAuth 2 client credentials grant (RFC 6749 clause 4.4): the token endpoint. */
        Optional<String> tokenUrl();

        Optional<String> clientId();

        Optional<String> clientSecret();

        /** The scope asked for with the client credentials grant, if the provider wants one. */
        Optional<String> scope();
    }
}
