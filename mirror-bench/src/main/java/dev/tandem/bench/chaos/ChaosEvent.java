package dev.tandem.bench.chaos;

/** One fault of a run: when it began (seconds into the run), what it was, how long it took, and a detail. */
record ChaosEvent(long atSecond, Fault fault, long tookSeconds, String detail) {

    static final String HEADER = "| at (s) | fault | took (s) | detail |\n|---:|---|---:|---|";

    String row() {
        return "| " + atSecond + " | " + fault.description() + " | " + tookSeconds + " | " + detail + " |";
    }
}
