package com.example.mm2;

import org.apache.kafka.connect.mirror.GroupFilter;

/** A user's MM2 group filter: only groups whose name ends with -keep. */
public class KeepGroupFilter implements GroupFilter {

    @Override
    public boolean shouldReplicateGroup(String group) {
        return group.endsWith("-keep");
    }
}
