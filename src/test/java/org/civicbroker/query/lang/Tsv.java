package org.civicbroker.query.lang;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Reads table fixtures: one case per line, columns separated by a TAB, {@code #} starts a comment line.
 * Cells may use {@code \t \n \\ \\uXXXX} escapes; {@code <empty>} is the empty string and a missing
 * trailing cell is the empty string too.
 */
final class Tsv {

    private Tsv() {
    }

    static Stream<Arguments> cases(String name, int columns) {
        return rows(name).stream().map(r -> Arguments.of((Object[]) Arrays.copyOf(r, columns)));
    }

    static List<String[]> rows(String name) {
        String path = "/fixtures/query-lang/" + name;
        try (InputStream in = Tsv.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            List<String[]> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = unescape(cells[i]);
                }
                out.add(cells);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String unescape(String s) {
        if (s.equals("<empty>")) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 't' -> sb.append('\t');
                case 'n' -> sb.append('\n');
                case 'u' -> {
                    sb.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> sb.append(n);
            }
        }
        return sb.toString();
    }

    /** Space-separated ids; {@code -} means none. */
    static List<String> ids(String cell) {
        return cell == null || cell.equals("-") || cell.isBlank() ? List.of() : List.of(cell.trim().split(" +"));
    }
}
