package dev.tandem.checks;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON fields Jackson writes for a record type, by path, with their JSON types: {@code a.b} for a nested field,
 * {@code a[]} for the elements of a list, {@code a.*} for the values of a map.
 */
final class JsonFields {

    private JsonFields() {}

    static Map<String, String> of(Class<? extends Record> type) {
        Map<String, String> fields = new LinkedHashMap<>();
        components(type, "", fields);
        return fields;
    }

    private static void components(Class<?> record, String prefix, Map<String, String> fields) {
        for (RecordComponent component : record.getRecordComponents()) {
            walk(prefix + component.getName(), component.getGenericType(), fields);
        }
    }

    private static void walk(String path, Type type, Map<String, String> fields) {
        Class<?> raw = type instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) type;
        if (raw.isRecord()) {
            fields.put(path, "object");
            components(raw, path + ".", fields);
        } else if (Collection.class.isAssignableFrom(raw)) {
            fields.put(path, "array");
            walk(path + "[]", ((ParameterizedType) type).getActualTypeArguments()[0], fields);
        } else if (Map.class.isAssignableFrom(raw)) {
            fields.put(path, "object");
            walk(path + ".*", ((ParameterizedType) type).getActualTypeArguments()[1], fields);
        } else if (raw == String.class || raw.isEnum()) {
            fields.put(path, "string");
        } else if (raw == boolean.class || raw == Boolean.class) {
            fields.put(path, "boolean");
        } else if (raw.isPrimitive() || Number.class.isAssignableFrom(raw)) {
            fields.put(path, "number");
        } else {
            throw new IllegalArgumentException(path + " has a type the JSON reference does not know: " + type);
        }
    }
}
