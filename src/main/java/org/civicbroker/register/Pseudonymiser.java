package org.civicbroker.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hash of personal values (pseudonymisation, UK GDPR art. 4(5)): HMAC-SHA256 of the value's JSON
 * text under the operator's key. The same value always gives the same pseudonym, so readings of one
 * home stay linkable, but without the key the value cannot be recovered or confirmed by guessing.
 * A value that already is a pseudonym is kept, so that rewriting an entity does not hash twice.
 */
public final class Pseudonymiser {

    static final String PREFIX = "hmac-sha256:";
    private static final Pattern PSEUDONYM = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");

    private final SecretKeySpec key;

    public Pseudonymiser(String key) {
        this.key = key == null || key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    public boolean enabled() {
        return key != null;
    }

    public static boolean isPseudonym(JsonNode value) {
        return value != null && value.isTextual() && PSEUDONYM.matcher(value.asText()).matches();
    }

    /** The pseudonym of {@code value} (a string node); a pseudonym is returned as it is. */
    public JsonNode pseudonym(JsonNode value) {
        if (isPseudonym(value)) {
            return value;
        }
        if (key == null) {
            throw new IllegalStateException("no pseudonym key");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            byte[] h = mac.doFinal(value.toString().getBytes(StandardCharsets.UTF_8));
            return TextNode.valueOf(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(h));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
