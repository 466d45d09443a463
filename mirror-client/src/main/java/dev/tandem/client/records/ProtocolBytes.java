package dev.tandem.client.records;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Kafka protocol primitive types as MirrorMaker 2 writes them: STRING is an INT16 byte length followed by UTF-8
 * bytes, integers are big-endian. Only what the three record formats need.
 */
final class ProtocolBytes {

    private ProtocolBytes() {}

    static byte[] utf8(String field, String value) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must not be null");
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Short.MAX_VALUE) {
            throw new IllegalArgumentException(field + " is " + bytes.length + " bytes in UTF-8; at most "
                    + Short.MAX_VALUE + " fit a protocol STRING");
        }
        return bytes;
    }

    static int stringSize(byte[] utf8) {
        return Short.BYTES + utf8.length;
    }

    static void putString(ByteBuffer buffer, byte[] utf8) {
        buffer.putShort((short) utf8.length);
        buffer.put(utf8);
    }

    static String getString(ByteBuffer buffer, String field) {
        short length = buffer.getShort();
        if (length < 0) {
            throw new IllegalArgumentException(field + " has negative length " + length + "; STRING is never null");
        }
        if (length > buffer.remaining()) {
            throw new IllegalArgumentException(
                    field + " claims " + length + " bytes but only " + buffer.remaining() + " remain");
        }
        String value =
                new String(buffer.array(), buffer.arrayOffset() + buffer.position(), length, StandardCharsets.UTF_8);
        buffer.position(buffer.position() + length);
        return value;
    }

    /** Runs a decoder, turning truncated input into an error that says which record could not be read. */
    static <T> T decode(String what, byte[] bytes, Decoder<T> decoder) {
        if (bytes == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        try {
            T value = decoder.decode(buffer);
            if (buffer.hasRemaining()) {
                throw new IllegalArgumentException(what + " has " + buffer.remaining() + " unexpected trailing bytes");
            }
            return value;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException(what + " is truncated (" + bytes.length + " bytes)", e);
        }
    }

    interface Decoder<T> {
        T decode(ByteBuffer buffer);
    }
}
