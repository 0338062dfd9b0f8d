package org.dataexplorer.query.gw;

/** A bin's {@code [lower, upper]}, as the {@code bin} transform gives it. */
public record BinPair(double lo, double hi) {
}
