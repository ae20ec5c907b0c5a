package org.civicbroker.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.civicbroker.common.error.NgsiException;
import org.civicbroker.security.SecurityMode;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * Secrets in the headers a subscription's notifications ({@code notification.endpoint.receiverInfo}, GS CIM 009
 * clause 5.2.15) and a registration's forwarded requests ({@code contextSourceInfo}, clause 5.2.9) carry, so that
 * a per-subscription or per-registration credential is never stored in clear (docs/security.md, "Outgoing calls"):
 * <ul>
 * <li>{@link #protect} (on create and update, before anything is stored): a {@code secret:NAME} reference is kept
 * as it is, once the secret exists; a value given in clear under a credential-bearing header name is encrypted
 * with {@code civic.outgoing.encryption-key}; without a key it is refused (400) while security is on, and kept as
 * given (with a warning) while security is off, the default, where every caller may read and write everything
 * anyway and a standard client's {@code Authorization} header must work;
 * <li>{@link #reveal} (when the header is sent, never earlier: the notification outbox stores the protected
 * form too): references read, encrypted values decrypted;
 * <li>reads of the subscription or registration show credential values masked ({@link SecretValues#masked}).
 * </ul>
 */
@ApplicationScoped
public class Secrets {

    private static final Logger LOG = Logger.getLogger(Secrets.class);
    static final String SECRETS = "civic.outgoing.secrets.";

    private final SecretKey key;
    /** Whether a credential given in clear without a key is refused (security on) rather than kept as given. */
    private final boolean refuseClear;
    private final SecureRandom random = new SecureRandom();

    @jakarta.inject.Inject
    public Secrets(OutgoingConfig config, SecurityMode security) {
        this(config.encryptionKey().filter(k -> !k.isBlank()).map(Secrets::aesKey).orElse(null), security.enabled());
    }

    Secrets(SecretKey key, boolean securityOn) {
        this.key = key;
        this.refuseClear = key == null && securityOn;
    }

    /** A base64 AES key of 16, 24 or 32 bytes; anything else stops the broker at start-up. */
    static SecretKey aesKey(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("civic.outgoing.encryption-key (CIVIC_OUTGOING_ENCRYPTION_KEY) is not base64");
        }
        if (bytes.length != 16 && bytes.length != 24 && bytes.length != 32) {
            throw new IllegalStateException("civic.outgoing.encryption-key (CIVIC_OUTGOING_ENCRYPTION_KEY) must be 16, 24 "
                    + "or 32 bytes (base64; e.g. openssl rand -base64 32), not " + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }

    void onStart(@Observes StartupEvent ev) {
        LOG.infof("Outgoing header secrets: %s", key != null
                ? "values of credential headers in receiverInfo/contextSourceInfo stored AES-GCM encrypted"
                : refuseClear
                        ? "no encryption key (credentials in receiverInfo/contextSourceInfo only as secret:NAME references)"
                        : "no encryption key and security off: credentials in receiverInfo/contextSourceInfo stored as given "
                                + "(masked on reads); set CIVIC_OUTGOING_ENCRYPTION_KEY to store them encrypted");
    }

    /** Protects the secrets of a subscription's or registration's members before they are stored (in place). */
    public ObjectNode protect(ObjectNode source) {
        if (source.get("notification") instanceof ObjectNode n && n.get("endpoint") instanceof ObjectNode e) {
            protectPairs(e.get("receiverInfo"), "receiverInfo");
        }
        protectPairs(source.get("contextSourceInfo"), "contextSourceInfo");
        return source;
    }

    private void protectPairs(JsonNode pairs, String member) {
        if (pairs == null || !pairs.isArray()) {
            return;  // the parser refuses what is not an array of KeyValuePair
        }
        for (JsonNode p : pairs) {
            if (!(p instanceof ObjectNode o) || !o.path("key").isTextual() || !o.path("value").isTextual()) {
                continue;
            }
            String name = o.get("key").textValue();
            String value = o.get("value").textValue();
            String ref = SecretValues.referenceName(value);
            if (SecretValues.FROM_REQUEST.equals(value)) {
                continue;  // clause 4.3.6.5: the value of the client's own header, forwarded, never stored
            }
            if (ref != null) {
                if (!SecretValues.validName(ref)) {
                    throw NgsiException.badData(member + " '" + name + "': a secret reference is secret:NAME, NAME of letters, "
                            + "digits, '-' and '_'");
                }
                if (lookUp(ref).isEmpty()) {
                    throw NgsiException.badData(member + " '" + name + "' refers to secret '" + ref + "', which this broker "
                            + "does not have (setting " + SECRETS + ref + ")");
                }
            } else if (SecretValues.encrypted(value) || SecretValues.MASK.equals(value)) {
                throw NgsiException.badData(member + " '" + name + "': give the value itself or a secret:NAME reference (a "
                        + "masked or encrypted value as a read shows it cannot be written back)");
            } else if (SecretValues.credentialBearing(name)) {
                if (key == null && !refuseClear) {
                    LOG.warnf("%s '%s' stored as given: no CIVIC_OUTGOING_ENCRYPTION_KEY and security off", member, name);
                    continue;
                }
                if (key == null) {
                    throw NgsiException.badData(member + " '" + name + "' carries a credential, which this broker does not "
                            + "store in clear: give a secret:NAME reference to a secret the operator configured, or ask the "
                            + "operator to set CIVIC_OUTGOING_ENCRYPTION_KEY (docs/security.md, \"Outgoing calls\")");
                }
                o.put("value", SecretValues.encrypt(key, value, random));
            }
        }
    }

    /** The headers as they are sent: references read and encrypted values decrypted. */
    public Map<String, String> reveal(Map<String, String> headers) {
        boolean any = false;
        for (String v : headers.values()) {
            any |= v != null && (v.startsWith(SecretValues.REFERENCE) || v.startsWith(SecretValues.ENCRYPTED));
        }
        if (!any) {
            return headers;
        }
        Map<String, String> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, reveal(v)));
        return out;
    }

    /** One value as it is sent; IllegalStateException (the delivery fails) when the secret is gone or does not decrypt. */
    public String reveal(String value) {
        String ref = SecretValues.referenceName(value);
        if (ref != null) {
            return lookUp(ref).orElseThrow(() -> new IllegalStateException("secret '" + ref + "' (setting " + SECRETS + ref
                    + ") is not configured"));
        }
        if (SecretValues.encrypted(value)) {
            if (key == null) {
                throw new IllegalStateException("an encrypted header value needs civic.outgoing.encryption-key, which is not set");
            }
            return SecretValues.decrypt(key, value);
        }
        return value;
    }

    private static Optional<String> lookUp(String name) {
        if (!SecretValues.validName(name)) {
            return Optional.empty();
        }
        return ConfigProvider.getConfig().getOptionalValue(SECRETS + name, String.class).filter(v -> !v.isEmpty());
    }
}
