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

    /**
     * Secrets that subscriptions' {@code receiverInfo} and registrations' {@code contextSourceInfo} refer to as
     * {@code secret:NAME} ({@code civic.outgoing.secrets.NAME}, e.g. the environment variable
     * {@code CIVIC_OUTGOING_SECRETS_NAME}); read when a header is sent ({@link Secrets}).
     */
    Map<String, String> secrets();

    /**
     * AES key (base64, 16/24/32 bytes) with which credential headers given in clear in {@code receiverInfo} or
     * {@code contextSourceInfo} are stored encrypted; unset: such values are refused ({@link Secrets}).
     */
    Optional<String> encryptionKey();

    interface Destination {

        /** The host (name or address, case ignored), or {@code host:port}, the credential is presented to. */
        String host();

        /** A static bearer token ({@code Authorization: Bearer <token>}). */
        Optional<String> bearerToken();

        /**
         * A user name and password: HTTP Basic authentication (RFC 7617) for HTTP destinations and @context
         * servers, the CONNECT user name and password for MQTT brokers.
         */
        Optional<String> username();

        Optional<String> password();

        /** OAuth 2 client credentials grant (RFC 6749 clause 4.4): the token endpoint. */
        Optional<String> tokenUrl();

        Optional<String> clientId();

        Optional<String> clientSecret();

        /** The scope asked for with the client credentials grant, if the provider wants one. */
        Optional<String> scope();
    }
}
