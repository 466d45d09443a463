package dev.tandem.common.offsets;

import org.apache.kafka.connect.errors.ConnectException;

/**
 * The exception a connector's {@code alterOffsets} throws for a bad request body. Connect answers a plain
 * {@link ConnectException} with 500; MirrorMaker 2's connectors, which ship inside Connect's runtime, throw the
 * runtime's {@code BadRequestException}, answered with 400. Tandem's connectors compile against connect-api only, so
 * they make the runtime's exception when the worker has it (every Connect worker, and the driver) and fall back to
 * a {@link ConnectException} with the same message elsewhere.
 */
public final class BadOffsets {

    private static final String RUNTIME_BAD_REQUEST =
            "org.apache.kafka.connect.runtime.rest.errors.BadRequestException";

    private BadOffsets() {}

    public static ConnectException refused(String message) {
        try {
            Object made = Class.forName(RUNTIME_BAD_REQUEST, true, ConnectException.class.getClassLoader())
                    .getConstructor(String.class)
                    .newInstance(message);
            if (made instanceof ConnectException badRequest) {
                return badRequest;
            }
        } catch (ReflectiveOperationException | LinkageError notOnAWorker) {
            // no Connect runtime here (a unit test): the message is what matters
        }
        return new ConnectException(message);
    }
}
