package com.example.mm2;

import org.apache.kafka.connect.mirror.ConfigPropertyFilter;

/** A user's MM2 config filter: only retention settings travel, retention.bytes with the source's default too. */
public class RetentionOnlyConfigPropertyFilter implements ConfigPropertyFilter {

    @Override
    public boolean shouldReplicateConfigProperty(String prop) {
        return prop.startsWith("retention.");
    }

    @Override
    public boolean shouldReplicateSourceDefault(String prop) {
        return prop.equals("retention.bytes");
    }
}
