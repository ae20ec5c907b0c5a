package org.civicbroker.persistence;

/**
 * Encodes keys for MongoDB field names. Expanded attribute IRIs contain {@code .} (a path separator
 * in MongoDB) and keys in user values may start with {@code $} (an operator marker), so both are
 * percent-encoded, as is {@code %} itself so the encoding is reversible. Every key the broker stores,
 * including keys inside compound values, goes through here: user text can never become an operator
 * or a path.
 */
public final class FieldNames {

    private FieldNames() {
    }

    public static String encode(String key) {
        boolean plain = !key.isEmpty() && key.charAt(0) != '$';
        for (int i = 0; plain && i < key.length(); i++) {
            char c = key.charAt(i);
            plain = c != '.' && c != '%' && c != '\0';
        }
        if (plain) {
            return key;
        }
        StringBuilder sb = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '%' -> sb.append("%25");
                case '.' -> sb.append("%2E");
                case '\0' -> sb.append("%00");
                case '$' -> sb.append(i == 0 ? "%24" : "$");
                default -> sb.append(c);
            }
        }
        if (sb.isEmpty()) {
            sb.append("%");  // an empty key: stored as a lone '%' which no encoding produces otherwise
        }
        return sb.toString();
    }

    public static String decode(String field) {
        if (field.equals("%")) {
            return "";
        }
        if (field.indexOf('%') < 0) {
            return field;
        }
        StringBuilder sb = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '%' && i + 2 < field.length()) {
                String hex = field.substring(i + 1, i + 3);
                switch (hex) {
                    case "25" -> sb.append('%');
                    case "2E" -> sb.append('.');
                    case "24" -> sb.append('$');
                    case "00" -> sb.append('\0');
                    default -> {
                        sb.append(c);
                        continue;
                    }
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The storage path of an attribute's instance array: {@code attrs.<encoded IRI>}. */
    public static String attributePath(String attributeIri) {
        return EntityDocuments.ATTRS + "." + encode(attributeIri);
    }
}
