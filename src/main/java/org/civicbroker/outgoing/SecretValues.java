package org.civicbroker.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The forms a header value of a subscription's {@code receiverInfo} (GS CIM 009 clause 5.2.15, Endpoint) or a
 * registration's {@code contextSourceInfo} (clause 5.2.9) takes when it is a secret (docs/security.md,
 * "Outgoing calls"):
 * <ul>
 * <li>{@code secret:NAME}, a reference: the value is the setting {@code civic.outgoing.secrets.NAME} (for
 * instance the environment variable {@code CIVIC_OUTGOING_SECRETS_NAME}), read when the header is sent; the
 * broker stores and shows only the reference;
 * <li>{@code enc:v1:<base64>}, the broker's own encrypted form of a value given in clear under a name that
 * carries credentials ({@link #credentialBearing}): AES-GCM with a random 96-bit nonce and a 128-bit tag, key
 * from {@code civic.outgoing.encryption-key}; shown as {@link #MASK}, decrypted when the header is sent.
 * </ul>
 * Pure.
 */
public final class SecretValues {

    public static final String REFERENCE = "secret:";
    public static final String ENCRYPTED = "enc:v1:";
    /** What a read of a subscription or registration shows instead of an encrypted value. */
    public static final String MASK = "********";
    /** The contextSourceInfo value that forwards the client's own header (clause 4.3.6.5): not a secret. */
    static final String FROM_REQUEST = "urn:ngsi-ld:request";
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    /** Header names (lower case, substrings) whose values are credentials. */
    static final List<String> CREDENTIAL_WORDS = List.of("authorization", "cookie", "token", "secret", "password",
            "passwd", "apikey", "api-key", "api_key", "credential", "signature", "session");
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private SecretValues() {
    }

    /** Whether a header of this name carries a credential (Authorization, X-Api-Key, X-Auth-Token, Cookie, ...). */
    public static boolean credentialBearing(String headerName) {
        String n = headerName.toLowerCase(Locale.ROOT);
        return n.startsWith("x-auth") || CREDENTIAL_WORDS.stream().anyMatch(n::contains);
    }

    /** The secret's name of a {@code secret:NAME} reference, null for any other value. */
    public static String referenceName(String value) {
        return value != null && value.startsWith(REFERENCE) ? value.substring(REFERENCE.length()) : null;
    }

    public static boolean validName(String name) {
        return NAME.matcher(name).matches();
    }

    public static boolean encrypted(String value) {
        return value != null && value.startsWith(ENCRYPTED);
    }

    /**
     * The value of header {@code name} as a read shows it: an encrypted value, or a credential-bearing header's value
     * kept in clear (security off and no key), masked; a reference and any other header's value as stored.
     */
    public static String masked(String name, String value) {
        boolean clearCredential = name != null && credentialBearing(name) && referenceName(value) == null
                && !FROM_REQUEST.equals(value);
        return encrypted(value) || clearCredential ? MASK : value;
    }

    /**
     * A rendered subscription or registration with its secret header values masked (in place, {@link #masked}):
     * {@code notification.endpoint.receiverInfo} and {@code contextSourceInfo}.
     */
    public static ObjectNode mask(ObjectNode rendered) {
        if (rendered.get("notification") instanceof ObjectNode n && n.get("endpoint") instanceof ObjectNode e) {
            maskPairs(e.get("receiverInfo"));
        }
        maskPairs(rendered.get("contextSourceInfo"));
        return rendered;
    }

    private static void maskPairs(JsonNode pairs) {
        if (pairs != null && pairs.isArray()) {
            for (JsonNode p : pairs) {
                if (p instanceof ObjectNode o && o.path("value").isTextual()) {
                    o.put("value", masked(o.path("key").asText(null), o.get("value").textValue()));
                }
            }
        }
    }

    static String encrypt(SecretKey key, String plain, SecureRandom random) {
        byte[] nonce = new byte[NONCE];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ENCRYPTED + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE + sealed.length).put(nonce)
                    .put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed: " + e.getMessage(), e);
        }
    }

    /** The clear value of an {@code enc:v1:} value; IllegalStateException when it does not decrypt with the key. */
    static String decrypt(SecretKey key, String stored) {
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(ENCRYPTED.length()));
            if (all.length <= NONCE) {
                throw new IllegalStateException("an encrypted header value is too short");
            }
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE));
            return new String(c.doFinal(all, NONCE, all.length - NONCE), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("an encrypted header value does not decrypt with civic.outgoing.encryption-key "
                    + "(was the key changed?)");
        }
    }
}
