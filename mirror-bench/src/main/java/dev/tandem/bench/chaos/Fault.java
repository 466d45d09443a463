package dev.tandem.bench.chaos;

/** The faults the chaos run picks from, each as an operator would describe it. */
enum Fault {
    SOURCE_BROKER_KILLED("source broker SIGKILL + restart"),
    TARGET_BROKER_RESTARTED("target broker restart"),
    DRIVER_KILLED("driver SIGKILL + restart"),
    SOURCE_NETWORK_CUT("network to the source cut"),
    TARGET_NETWORK_CUT("network to the target cut"),
    SOURCE_BLACK_HOLE("network to the source black-holed"),
    TARGET_BLACK_HOLE("network to the target black-holed"),
    REMOTE_TOPIC_DELETED("a remote topic deleted on the target");

    private final String description;

    Fault(String description) {
        this.description = description;
    }

    String description() {
        return description;
    }
}
