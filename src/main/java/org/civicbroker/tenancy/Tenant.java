package org.civicbroker.tenancy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.civicbroker.common.error.NgsiException;

/**
 * A tenant (clause 4.14), named by the {@code NGSILD-Tenant} header; null name = the default tenant.
 * Each tenant has its own MongoDB database.
 */
public record Tenant(String name) {

    public static final String HEADER = "NGSILD-Tenant";
    public static final Tenant DEFAULT = new Tenant(null);

    /** Letters, digits, '-' and '_' keep the name safe in a database name and in logs. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{1,48}");

    public static Tenant fromHeader(String header) {
        if (header == null) {
            return DEFAULT;
        }
        if (!VALID.matcher(header).matches()) {
            throw NgsiException.badData("Invalid tenant name '" + abbreviate(header)
                    + "': use 1 to 48 letters, digits, '-' or '_'");
        }
        return new Tenant(header);
    }

    public boolean isDefault() {
        return name == null;
    }

    /**
     * The database of this tenant. MongoDB database names are case-insensitive in places, so a name
     * with capitals gets a short hash suffix that keeps "Camden" and "camden" apart.
     */
    public String database(String prefix) {
        if (name == null) {
            return prefix;
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        return lower.equals(name) ? prefix + "_" + name : prefix + "_" + lower + "_" + hash(name);
    }

    private static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
