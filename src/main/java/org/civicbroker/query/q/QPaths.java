package org.civicbroker.query.q;

import java.util.ArrayList;
import java.util.List;

/** Parses the Attribute production of clause 4.9 (see the grammar in {@link QParser}). */
final class QPaths {

    private QPaths() {
    }

    static QPath parse(String text, int position) {
        int bracket = text.indexOf('[');
        String names = bracket < 0 ? text : text.substring(0, bracket);
        List<String> segments = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= names.length(); i++) {
            if (i == names.length() || names.charAt(i) == '.') {
                if (i == start) {
                    throw QLexer.error("empty attribute name", position + i);
                }
                segments.add(names.substring(start, i));
                start = i + 1;
            } else if (!nameChar(names.charAt(i))) {
                throw QLexer.error("invalid character '" + names.charAt(i) + "' in attribute name", position + i);
            }
        }
        List<String> keys = bracket < 0 ? List.of() : keys(text, bracket, position);
        QPath.Meta meta = null;
        if (keys.isEmpty() && segments.size() > 1) {
            meta = QPath.Meta.of(segments.get(segments.size() - 1));
            if (meta != null) {
                segments.remove(segments.size() - 1);
            }
        }
        return new QPath(segments.get(0), segments.subList(1, segments.size()), meta, keys);
    }

    private static List<String> keys(String text, int from, int position) {
        List<String> keys = new ArrayList<>();
        int i = from;
        while (i < text.length()) {
            if (text.charAt(i) != '[') {
                throw QLexer.error("expected '[' or an operator", position + i);
            }
            int close = text.indexOf(']', i);
            String inner = text.substring(i + 1, close);
            int keyStart = i + 1;
            for (String key : inner.split("\\.", -1)) {
                if (key.isEmpty() || key.indexOf('[') >= 0) {
                    throw QLexer.error("empty or invalid key in '[...]'", position + keyStart);
                }
                keys.add(key);
                keyStart += key.length() + 1;
            }
            i = close + 1;
        }
        return keys;
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == ':' || c == '/' || c == '#';
    }
}
