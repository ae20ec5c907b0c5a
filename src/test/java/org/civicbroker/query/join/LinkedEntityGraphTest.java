package org.civicbroker.query.join;

import static org.assertj.core.api.Assertions.assertThat;
import static org.civicbroker.query.join.Graphs.name;
import static org.civicbroker.query.join.Graphs.spec;
import static org.civicbroker.query.join.Graphs.targets;

import java.util.List;
import org.civicbroker.query.join.JoinSpec.Mode;
import org.civicbroker.query.lang.Projection;
import org.junit.jupiter.api.Test;

/** Clause 4.5.23: which linked entities a join retrieves, and where they go. */
class LinkedEntityGraphTest {

    private final Graphs g = new Graphs();

    @Test
    void flatAppendsTheLinkedEntitiesAfterTheLinkingOnes() {
        g.put("lamp", "on", "street");
        g.put("street");
        LinkedEntityGraph walk = g.walk(List.of("lamp"), null, spec(Mode.FLAT, 1));
        assertThat(walk.flattened()).extracting(Graphs::name).containsExactly("lamp", "street");
        assertThat(walk.roots()).hasSize(1);
    }

    @Test
    void onlyStoredEntitiesAreRetrieved() {
        g.put("lamp", "on", "street", "owner", "elsewhere");
        g.put("street");
        LinkedEntityGraph walk = g.walk(List.of("lamp"), null, spec(Mode.INLINE, 1));
        JoinedEntity lamp = walk.roots().get(0);
        assertThat(targets(lamp, "on")).containsExactly("street");
        assertThat(targets(lamp, "owner")).isEmpty();
        assertThat(lamp.links()).hasSize(1);
    }

    @Test
    void joinLevelBoundsTheWalkWithOneReadPerLevel() {
        g.put("a", "next", "b");
        g.put("b", "next", "c");
        g.put("c", "next", "d");
        g.put("d");
        LinkedEntityGraph walk = g.walk(List.of("a"), null, spec(Mode.FLAT, 2));
        assertThat(walk.flattened()).extracting(Graphs::name).containsExactly("a", "b", "c");
        assertThat(g.reads).hasSize(2);
        JoinedEntity a = walk.roots().get(0);
        JoinedEntity b = a.links().get(0).targets().get(0);
        assertThat(targets(b, "next")).containsExactly("c");
        assertThat(b.links().get(0).targets().get(0).links()).isEmpty();
    }

    @Test
    void loopsAreCut() {
        g.put("a", "next", "b");
        g.put("b", "next", "a", "other", "c");
        g.put("c", "next", "b");
        LinkedEntityGraph inline = g.walk(List.of("a"), null, spec(Mode.INLINE, 5));
        JoinedEntity b = inline.roots().get(0).links().get(0).targets().get(0);
        assertThat(targets(b, "next")).isEmpty();
        assertThat(targets(b, "other")).containsExactly("c");
        assertThat(b.links().get(0).targets().get(0).links()).isEmpty();
        assertThat(g.walk(List.of("a"), null, spec(Mode.FLAT, 5)).flattened())
                .extracting(Graphs::name).containsExactly("a", "b", "c");
    }

    @Test
    void containedByIdsAreNotRetrievedAgain() {
        g.put("a", "next", "b", "other", "c");
        g.put("b");
        g.put("c");
        LinkedEntityGraph walk = g.walk(List.of("a"), null, spec(Mode.FLAT, 1, "b"));
        assertThat(walk.flattened()).extracting(Graphs::name).containsExactly("a", "c");
    }

    @Test
    void inlineGivesEveryLinkingEntityItsLinkedEntitiesFlatListsThemOnce() {
        g.put("lamp1", "on", "street");
        g.put("lamp2", "on", "street");
        g.put("street", "in", "lamp1");
        LinkedEntityGraph inline = g.walk(List.of("lamp1", "lamp2"), null, spec(Mode.INLINE, 2));
        assertThat(targets(inline.roots().get(0), "on")).containsExactly("street");
        assertThat(targets(inline.roots().get(1), "on")).containsExactly("street");
        // within lamp2's tree, lamp1 is new: it is nested under the street
        JoinedEntity street2 = inline.roots().get(1).links().get(0).targets().get(0);
        assertThat(targets(street2, "in")).containsExactly("lamp1");
        LinkedEntityGraph flat = g.walk(List.of("lamp1", "lamp2"), null, spec(Mode.FLAT, 2));
        assertThat(flat.flattened()).extracting(Graphs::name).containsExactly("lamp1", "lamp2", "street");
    }

    @Test
    void breadthFirstNestsAnEntityWhereItIsMetFirst() {
        g.put("a", "r1", "b", "r2", "c");
        g.put("b", "r", "c");
        g.put("c");
        JoinedEntity a = g.walk(List.of("a"), null, spec(Mode.INLINE, 2)).roots().get(0);
        assertThat(targets(a, "r2")).containsExactly("c");
        assertThat(a.links().get(0).targets().get(0).links()).isEmpty();
    }

    @Test
    void listRelationshipsArraysAndDatasetInstancesAreFollowedInOrder() {
        g.put("route", "*stops", "s3,s1,s2", "+near", "s2,gone,s4");
        g.addInstance("route", "near", "urn:ngsi-ld:Dataset:alt", "s5");
        for (String s : List.of("s1", "s2", "s3", "s4", "s5")) {
            g.put(s);
        }
        JoinedEntity route = g.walk(List.of("route"), null, spec(Mode.INLINE, 1)).roots().get(0);
        assertThat(targets(route, "stops")).containsExactly("s3", "s1", "s2");
        // s2 was met through stops already: near keeps s4, and the alt instance s5
        assertThat(route.links()).extracting(JoinedEntity.Link::datasetId)
                .containsExactly(null, null, "urn:ngsi-ld:Dataset:alt");
        assertThat(targets(route, "near")).containsExactly("s4", "s5");
    }

    @Test
    void projectionsChooseWhatIsFollowedAndHowLinkedEntitiesAreProjected() {
        g.put("lamp", "on", "street", "owner", "council");
        g.put("street", "in", "borough");
        g.put("council");
        g.put("borough");
        LinkedEntityGraph walk = g.walk(List.of("lamp"), "id,on{label,in{id}}", spec(Mode.INLINE, 2));
        JoinedEntity lamp = walk.roots().get(0);
        assertThat(targets(lamp, "owner")).isEmpty();
        JoinedEntity street = lamp.links().get(0).targets().get(0);
        assertThat(street.projection().keepsAttribute(Graphs.D + "label")).isTrue();
        JoinedEntity borough = street.links().get(0).targets().get(0);
        assertThat(borough.projection().keepsId()).isTrue();
        assertThat(borough.projection().keepsAttribute(Graphs.D + "label")).isFalse();

        LinkedEntityGraph noNested = g.walk(List.of("lamp"), "on", spec(Mode.FLAT, 1));
        assertThat(noNested.flattened().get(1).projection()).isEqualTo(Projection.all());
        assertThat(noNested.flattened()).extracting(Graphs::name).containsExactly("lamp", "street");
    }

    @Test
    void withoutJoinNothingIsRead() {
        g.put("lamp", "on", "street");
        LinkedEntityGraph walk = g.walk(List.of("lamp"), null, JoinSpec.NONE);
        assertThat(walk.complete()).isTrue();
        assertThat(walk.flattened()).hasSize(1);
        assertThat(g.reads).isEmpty();
        assertThat(name(walk.roots().get(0))).isEqualTo("lamp");
    }
}
