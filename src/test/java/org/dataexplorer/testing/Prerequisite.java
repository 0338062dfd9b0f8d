package org.dataexplorer.testing;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * A system package a test needs (Chromium, Node, Tomcat, nginx, Django...). On a developer's machine without it the
 * test is skipped with the reason printed; with {@code CI=true} it fails instead, since {@code .ci/run} installs
 * every prerequisite first and a skip there would hide a missing install step.
 */
public final class Prerequisite {

    private Prerequisite() {
    }

    /** Returns when {@code present}; otherwise skips or fails {@code test} as the class comment says. */
    public static void require(boolean present, String test, String reason) {
        if (!present) {
            missing(test, reason);
        }
    }

    /** Skips {@code test} with {@code reason} printed, or fails it when {@code CI=true}. */
    public static void missing(String test, String reason) {
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionFailedError(test + ": " + reason + " (CI=true: required)");
        }
        System.out.println(test + " SKIPPED: " + reason);
        Assumptions.abort(reason);
    }
}
