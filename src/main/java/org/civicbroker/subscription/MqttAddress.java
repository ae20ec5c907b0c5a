package org.civicbroker.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.civicbroker.common.error.NgsiException;

/**
 * An MQTT endpoint of the MQTT notification binding (GS CIM 009 V1.8.1): {@code mqtt[s]://[user:pass@]host[:port]/topic}.
 *
 * @param password null when none
 */
public record MqttAddress(boolean tls, String host, int port, String user, String password, String topic) {

    public static MqttAddress parse(String uri) {
        try {
            URI u = new URI(uri);
            boolean tls = "mqtts".equalsIgnoreCase(u.getScheme());
            if (u.getHost() == null) {
                throw NgsiException.badData("MQTT endpoint '" + uri + "' has no host");
            }
            String user = null;
            String password = null;
            if (u.getRawUserInfo() != null) {
                String[] parts = u.getRawUserInfo().split(":", 2);
                user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
                password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
            }
            String path = u.getPath() == null ? "" : u.getPath();
            String topic = path.startsWith("/") ? path.substring(1) : path;
            int port = u.getPort() > 0 ? u.getPort() : tls ? 8883 : 1883;
            return new MqttAddress(tls, u.getHost(), port, user, password, topic);
        } catch (URISyntaxException e) {
            throw NgsiException.badData("MQTT endpoint '" + uri + "' is not a valid URI");
        }
    }

    /** Connections are pooled per broker and credentials. */
    public String connectionKey(String version) {
        return version + "|" + tls + "|" + host + "|" + port + "|" + user + "|" + password;
    }
}
