package org.civicbroker.persistence;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import mutiny.zero.flow.adapters.AdaptersToFlow;
import org.reactivestreams.Publisher;

/** Bridges the MongoDB reactive-streams driver to Mutiny. */
public final class Rx {

    private Rx() {
    }

    public static <T> Uni<T> uni(Publisher<T> publisher) {
        return Uni.createFrom().publisher(AdaptersToFlow.publisher(publisher));
    }

    public static <T> Multi<T> multi(Publisher<T> publisher) {
        return Multi.createFrom().publisher(AdaptersToFlow.publisher(publisher));
    }
}
