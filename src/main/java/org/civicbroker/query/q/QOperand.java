package org.civicbroker.query.q;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The right-hand side of a comparison (clause 4.9: Value, ValueList, Range, RegExp). */
public sealed interface QOperand {

    record Single(QLiteral value) implements QOperand {
        public Single {
            Objects.requireNonNull(value);
        }
    }

    /** {@code a,b,c}: allowed with {@code ==} (one of) and {@code !=} (none of). */
    record ValueList(List<QLiteral> values) implements QOperand {
        public ValueList {
            values = List.copyOf(values);
            if (values.size() < 2) {
                throw new IllegalArgumentException("a value list has at least two values");
            }
        }
    }

    /** {@code low..high}, inclusive at both ends; both ends have the same kind of literal. */
    record Range(QLiteral low, QLiteral high) implements QOperand {
        public Range {
            Objects.requireNonNull(low);
            Objects.requireNonNull(high);
        }
    }

    /** A validated regular expression (see {@link RegexGuard}); matching is a search, as in MongoDB. */
    record Regex(String pattern) implements QOperand {
        public Regex {
            Objects.requireNonNull(pattern);
        }

        public Pattern compiled() {
            return Pattern.compile(pattern);
        }
    }
}
