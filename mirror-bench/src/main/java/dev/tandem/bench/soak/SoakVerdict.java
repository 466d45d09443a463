package dev.tandem.bench.soak;

import java.util.List;

/** PASS or FAIL, with the figures: the copy must equal the source, and the live heap must not grow. */
final class SoakVerdict {

    private SoakVerdict() {}

    static String of(List<SoakSample> samples, TopicDigest source, TopicDigest copy) {
        StringBuilder text = new StringBuilder();
        boolean identical =
                source.counts().equals(copy.counts()) && source.digests().equals(copy.digests());
        text.append(
                identical
                        ? String.format(
                                "- Copy: PASS, all %,d records on B, once each, in order, byte for byte (per-partition SHA-256 of key,"
                                        + " value, timestamp, headers).%n",
                                source.total())
                        : String.format(
                                "- Copy: FAIL, A holds %,d records and B %,d; per partition A %s, B %s.%n",
                                source.total(), copy.total(), source.counts(), copy.counts()));
        if (samples.size() < 3) {
            return text.append("- Heap: not judged, fewer than 3 minutes sampled.")
                    .toString();
        }
        // Minute 1 includes start-up (plugin scan, JIT, first fetches): the steady state starts at minute 2.
        SoakSample base = samples.get(1);
        SoakSample last = samples.get(samples.size() - 1);
        long growth = last.liveHeapBytes() - base.liveHeapBytes();
        long limit = Math.max(
                (long) (base.liveHeapBytes() * SoakMain.GROWTH_LIMIT_RATIO), SoakMain.GROWTH_LIMIT_FLOOR_BYTES);
        long max = samples.stream()
                .skip(1)
                .mapToLong(SoakSample::liveHeapBytes)
                .max()
                .orElseThrow();
        long min = samples.stream()
                .skip(1)
                .mapToLong(SoakSample::liveHeapBytes)
                .min()
                .orElseThrow();
        text.append(String.format(
                "- Heap: %s, live heap %.1f MB at minute 2 and %.1f MB at minute %d (%+.1f MB; limit %.1f MB);"
                        + " range over minutes 2-%d: %.1f-%.1f MB.",
                growth <= limit ? "PASS" : "FAIL",
                SoakSample.mb(base.liveHeapBytes()),
                SoakSample.mb(last.liveHeapBytes()),
                last.minute(),
                SoakSample.mb(growth),
                SoakSample.mb(limit),
                last.minute(),
                SoakSample.mb(min),
                SoakSample.mb(max)));
        return text.toString();
    }
}
