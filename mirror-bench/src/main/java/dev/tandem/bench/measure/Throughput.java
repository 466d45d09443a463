package dev.tandem.bench.measure;

import java.util.Optional;

/**
 * The bulk copy of a case's backlog as seen on the target: seconds from process start to the first visible record,
 * the records copied and seconds since process start when the probe stopped watching, and the measured window.
 * A run whose backlog ran out before the window closed is invalid: {@code invalidity} says why, and its window is
 * {@link SteadyState#NONE} so no rate from it can be mistaken for a steady one.
 */
public record Throughput(
        double firstRecordSeconds,
        long copiedRecords,
        double stoppedSeconds,
        SteadyState steady,
        Optional<String> invalidity) {

    public boolean valid() {
        return invalidity.isEmpty();
    }
}
