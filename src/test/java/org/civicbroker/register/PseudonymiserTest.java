package org.civicbroker.register;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

class PseudonymiserTest {

    @Test
    void keyedStableAndNotHashedTwice() {
        Pseudonymiser a = new Pseudonymiser("key-a");
        Pseudonymiser b = new Pseudonymiser("key-b");
        var p = a.pseudonym(TextNode.valueOf("12 Example Road"));
        assertThat(p.asText()).matches("hmac-sha256:[A-Za-z0-9_-]{43}");
        assertThat(a.pseudonym(TextNode.valueOf("12 Example Road"))).isEqualTo(p);
        assertThat(b.pseudonym(TextNode.valueOf("12 Example Road"))).isNotEqualTo(p);
        assertThat(a.pseudonym(p)).isEqualTo(p);
        // the JSON text is hashed: the number 12 and the string "12" differ
        assertThat(a.pseudonym(IntNode.valueOf(12))).isNotEqualTo(a.pseudonym(TextNode.valueOf("12")));
        assertThat(new Pseudonymiser("").enabled()).isFalse();
    }
}
