package org.civicbroker.jsonld;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import org.civicbroker.common.error.NgsiException;

/**
 * Where the broker may fetch remote @contexts from (docs/security.md, "Outgoing calls"): a context URL is
 * user input, so without limits any client could make the broker call any host its network reaches (SSRF).
 * Checked before every fetch and every redirect hop; a refusal is 400 BadRequestData naming the host.
 *
 * <ul>
 * <li>{@code denied}: host patterns never fetched from;</li>
 * <li>{@code allowed}: when not empty, the only host patterns fetched from;</li>
 * <li>link-local (169.254.0.0/16 and fe80::/10, where clouds serve instance credentials), unspecified and
 * multicast addresses: always refused;</li>
 * <li>loopback and private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): only when
 * {@code privateAddresses} is true.</li>
 * </ul>
 * A pattern is a host name ({@code uri.etsi.org}), or {@code *.example.org} for every subdomain of
 * example.org; case is ignored. Host names are matched as written in the URL, addresses after resolution.
 * Pure apart from the name resolution.
 */
public record ContextHosts(List<String> allowed, List<String> denied, boolean privateAddresses) {

    /** No lists, private addresses allowed: the broker's behaviour with security off and nothing set. */
    public static final ContextHosts PERMISSIVE = new ContextHosts(List.of(), List.of(), true);

    public ContextHosts {
        allowed = normalise(allowed);
        denied = normalise(denied);
    }

    private static List<String> normalise(List<String> patterns) {
        return patterns == null ? List.of() : patterns.stream().map(p -> p.trim().toLowerCase(Locale.ROOT))
                .filter(p -> !p.isEmpty()).toList();
    }

    /** Refuses a host the lists exclude (400), before any name resolution. */
    void checkName(String host) {
        String h = bare(host);
        if (denied.stream().anyMatch(p -> matches(p, h))) {
            throw NgsiException.badData("@context host " + host + " is on this broker's list of denied hosts");
        }
        if (!allowed.isEmpty() && allowed.stream().noneMatch(p -> matches(p, h))) {
            throw NgsiException.badData("@context host " + host + " is not on this broker's list of allowed hosts");
        }
    }

    /** Refuses an address of the host that is never or, by setting, not fetched from (400). */
    void checkAddress(String host, InetAddress a) {
        if (a.isLinkLocalAddress() || a.isAnyLocalAddress() || a.isMulticastAddress()) {
            throw NgsiException.badData("@context host " + host + " is a link-local, unspecified or multicast address");
        }
        if (!privateAddresses && isPrivate(a)) {
            throw NgsiException.badData("@context host " + host + " is a loopback or private address, which this broker "
                    + "does not fetch from");
        }
    }

    static boolean isPrivate(InetAddress a) {
        if (a.isLoopbackAddress() || a.isSiteLocalAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;  // 100.64.0.0/10, carrier-grade NAT
        }
        return a instanceof Inet6Address && (b[0] & 0xfe) == 0xfc;  // fc00::/7, unique local
    }

    static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            return host.endsWith(pattern.substring(1)) && host.length() > pattern.length() - 1;
        }
        return host.equals(pattern);
    }

    private static String bare(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
