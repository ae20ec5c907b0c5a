package org.civicbroker.subscription;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Fixtures under fixtures/subscription/ with {{placeholders}}. */
public final class SubscriptionFixtures {

    private SubscriptionFixtures() {
    }

    public static String fixture(String name, String... keyValues) {
        String path = "/fixtures/subscription/" + name;
        try (InputStream in = SubscriptionFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            for (int i = 0; i < keyValues.length; i += 2) {
                text = text.replace("{{" + keyValues[i] + "}}", keyValues[i + 1]);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
