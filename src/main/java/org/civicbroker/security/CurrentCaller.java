package org.civicbroker.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current request, set by {@link SecurityFilter}; unrestricted when security is off. */
@RequestScoped
public class CurrentCaller {

    private Caller caller = Caller.UNRESTRICTED;

    public Caller get() {
        return caller;
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
