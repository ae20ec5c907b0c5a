package org.civicbroker.outgoing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

class SecretValuesTest {

    static final SecretKey KEY = Secrets.aesKey(Base64.getEncoder().encodeToString(new byte[32]));

    @Test
    void encryptedValuesDecryptWithTheKeyOnly() {
        String sealed = SecretValues.encrypt(KEY, "Bearer abc", new SecureRandom());
        assertThat(sealed).startsWith("enc:v1:").doesNotContain("abc");
        assertThat(SecretValues.decrypt(KEY, sealed)).isEqualTo("Bearer abc");
        // a fresh nonce each time
        assertThat(SecretValues.encrypt(KEY, "Bearer abc", new SecureRandom())).isNotEqualTo(sealed);
        SecretKey other = Secrets.aesKey(Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(() -> SecretValues.decrypt(other, sealed)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SecretValues.decrypt(KEY, "enc:v1:AAAA")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keysMustBeBase64AesKeys() {
        assertThatThrownBy(() -> Secrets.aesKey("not base64!")).hasMessageContaining("base64");
        assertThatThrownBy(() -> Secrets.aesKey(Base64.getEncoder().encodeToString(new byte[20]))).hasMessageContaining("20");
    }

    @Test
    void credentialHeadersAreRecognisedByName() {
        for (String h : new String[] {"Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "apikey", "X-Auth-Token",
                "X-Access-Token", "Client-Secret", "X-Password", "Fiware-Session"}) {
            assertThat(SecretValues.credentialBearing(h)).as(h).isTrue();
        }
        for (String h : new String[] {"X-Additional-Key", "Accept", "NGSILD-Tenant", "X-Request-Id", "Fiware-Service"}) {
            assertThat(SecretValues.credentialBearing(h)).as(h).isFalse();
        }
    }

    @Test
    void readsMaskEncryptedValuesAndCredentialsOnly() throws Exception {
        String sealed = SecretValues.encrypt(KEY, "x", new SecureRandom());
        ObjectNode s = (ObjectNode) new ObjectMapper().readTree("{\"notification\": {\"endpoint\": {\"receiverInfo\": ["
                + "{\"key\": \"Authorization\", \"value\": \"" + sealed + "\"}, {\"key\": \"X-Api-Key\", \"value\": \"secret:k\"}]}}, "
                + "\"contextSourceInfo\": [{\"key\": \"X-Auth-Token\", \"value\": \"" + sealed + "\"}]}");
        ((com.fasterxml.jackson.databind.node.ArrayNode) s.at("/notification/endpoint/receiverInfo"))
                .addObject().put("key", "Cookie").put("value", "sid=clear");
        ((com.fasterxml.jackson.databind.node.ArrayNode) s.at("/notification/endpoint/receiverInfo"))
                .addObject().put("key", "X-Additional-Key").put("value", "Value");
        SecretValues.mask(s);
        assertThat(s.at("/notification/endpoint/receiverInfo/2/value").asText()).isEqualTo(SecretValues.MASK);
        assertThat(s.at("/notification/endpoint/receiverInfo/3/value").asText()).isEqualTo("Value");
        assertThat(s.toString()).doesNotContain("enc:v1:").contains("secret:k");
        assertThat(s.at("/notification/endpoint/receiverInfo/0/value").asText()).isEqualTo(SecretValues.MASK);
        assertThat(s.at("/contextSourceInfo/0/value").asText()).isEqualTo(SecretValues.MASK);
    }

    @Test
    void aCredentialInClearWithoutAKeyIsRefusedWhileSecurityIsOnAndKeptWhileItIsOff() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String sub = "{\"notification\": {\"endpoint\": {\"receiverInfo\": [{\"key\": \"Authorization\", \"value\": \"Bearer abc\"}]}}}";
        assertThatThrownBy(() -> new Secrets(null, true).protect((ObjectNode) json.readTree(sub)))
                .hasMessageContaining("CIVIC_OUTGOING_ENCRYPTION_KEY");
        ObjectNode kept = new Secrets(null, false).protect((ObjectNode) json.readTree(sub));
        assertThat(kept.at("/notification/endpoint/receiverInfo/0/value").asText()).isEqualTo("Bearer abc");
        ObjectNode sealed = new Secrets(KEY, true).protect((ObjectNode) json.readTree(sub));
        assertThat(sealed.at("/notification/endpoint/receiverInfo/0/value").asText()).startsWith("enc:v1:");
        assertThat(new Secrets(KEY, false).reveal(sealed.at("/notification/endpoint/receiverInfo/0/value").asText()))
                .isEqualTo("Bearer abc");
    }
}
