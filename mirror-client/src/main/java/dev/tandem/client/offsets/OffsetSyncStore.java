package dev.tandem.client.offsets;

import dev.tandem.client.records.OffsetSync;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;

/**
 * The offset mapping of every replicated partition of one flow, rebuilt from its offset syncs, and the two
 * translations built on it: upstream to downstream (fail over) and downstream to upstream (fail back).
 *
 * <p>Per source partition it keeps the syncs in the order read, as consecutive points (u0,d0), (u1,d1), ...
 * Invariants, checked by {@code OffsetSyncStoreTest}:
 * <ol>
 *   <li><b>Increasing.</b> Kept syncs are strictly increasing in both upstream and downstream offsets.</li>
 *   <li><b>Consecutive.</b> Two neighbouring kept syncs that were consecutive syncs of the writer (or a run of
 *       collinear syncs between them was merged away) show every record copied between them linear:
 *       {@code down - s.down == up - s.up}. Across such a pair, an upstream offset o with
 *       {@code s.up <= o < s'.up} translates to {@code s.down + min(o - s.up, s'.down - s.down)}: exact for copied
 *       records, and for offsets in gaps (compaction, transaction markers, aborted records) the position of the next
 *       copied record.</li>
 *   <li><b>Rewinds.</b> A sync whose upstream offset is not above the newest kept one (a source task restarted and
 *       copies again) replaces every kept sync at or after its upstream offset: those offsets now translate into the
 *       newer copy, which is the one consumers on the target read last.</li>
 *   <li><b>Truncation.</b> A sync whose downstream offset is not above the newest kept one, with a higher upstream
 *       offset (the target topic was recreated or truncated) discards every older sync: their downstream offsets no
 *       longer exist.</li>
 *   <li><b>Past the newest sync</b> only {@code newest.down + 1} is known to be replicated, so an upstream offset
 *       above the newest sync's translates to that: never beyond what reached the target.</li>
 *   <li><b>Before the oldest sync</b> nothing is known: no translation, never a guess.</li>
 *   <li><b>Early copies.</b> What a rewind replaced is remembered: its records reached the target before the newer
 *       copy. When the newer copy passes their upstream offsets linearly, they were copied again and nothing
 *       changes. When it does not (a remote topic deleted and made again holds the records that reached it first,
 *       and the copy again stops where they begin, then jumps past them), a consumer that continues at the newer
 *       copy would never read them: an upstream offset at or before such an early copy translates to no later than
 *       the early copy's first downstream offset, and one inside it to no later than its own record's place in the
 *       early copy (exact when the early copy was linear, its start when not). It re-reads rather than skip.</li>
 *   <li><b>New topics.</b> The first sync of a source topic deleted and made again under the same name (marked so by
 *       its headers) drops every older sync and early copy of the partition: they describe the old topic.</li>
 *   <li><b>Bounded, thinned from the old end.</b> At most {@code maxSyncsPerPartition} syncs per partition. When a
 *       partition is full, every second sync of its older half is dropped: translation reaches as far back as
 *       before, more coarsely there, so a group that lags far behind (or a copy that breaks linearity often, as
 *       exactly-once's transaction markers do) still gets a checkpoint. An offset between two kept syncs that were
 *       not consecutive translates as one past the newest sync does, to the older sync's downstream offset + 1 (its
 *       own when it is the sync's): a re-read of what lies between, never a skip, as MirrorMaker 2 translates
 *       everywhere. Repeated thinning spaces the old syncs further apart the older they are.</li>
 * </ol>
 * Reverse translation uses the same pairs with the roles swapped. Thread-safe.
 */
public final class OffsetSyncStore {

    public static final int DEFAULT_MAX_SYNCS_PER_PARTITION = 10_000;

    private final int maxSyncsPerPartition;
    private final Map<TopicPartition, SyncRun> runs = new HashMap<>();
    /** How many syncs were added so far; see {@link #changes}. */
    private long added;

    public OffsetSyncStore() {
        this(DEFAULT_MAX_SYNCS_PER_PARTITION);
    }

    public OffsetSyncStore(int maxSyncsPerPartition) {
        if (maxSyncsPerPartition < 2) {
            throw new IllegalArgumentException("maxSyncsPerPartition must be at least 2, was " + maxSyncsPerPartition);
        }
        this.maxSyncsPerPartition = maxSyncsPerPartition;
    }

    /** Adds the next sync read from the offset-syncs topic. */
    public synchronized void add(OffsetSync sync) {
        add(sync, Uuid.ZERO_UUID, false);
    }

    /**
     * Adds the next sync, with what its headers say ({@link OffsetSyncHeaders}): the id of the source topic its copy is
     * of ({@link Uuid#ZERO_UUID} when not said), and whether it is the first sync of a topic made again under the same
     * name, which makes every older sync of the partition one of another topic: they are dropped.
     */
    public synchronized void add(OffsetSync sync, Uuid topicId, boolean newTopic) {
        added++;
        SyncRun run = runs.computeIfAbsent(sync.topicPartition(), tp -> new SyncRun(maxSyncsPerPartition));
        if (newTopic) {
            run.forget();
        }
        if (!Uuid.ZERO_UUID.equals(topicId)) {
            run.topicId = topicId;
        }
        run.add(sync.upstreamOffset(), sync.downstreamOffset());
    }

    /**
     * A count that grows with every sync added: while it stands still, every translation answers as it did. Lets a
     * reader that translates the same offsets over and over (a checkpoint round of idle groups) skip the work.
     */
    public synchronized long changes() {
        return added;
    }

    /**
     * The id of the source topic whose copy the partition's syncs describe, as the newest sync that said so; {@link
     * Uuid#ZERO_UUID} when none did. A group's offset of a topic with another id must not be translated through them.
     */
    public synchronized Uuid topicId(TopicPartition sourcePartition) {
        SyncRun run = runs.get(sourcePartition);
        return run == null ? Uuid.ZERO_UUID : run.topicId;
    }

    /**
     * Where a consumer that committed {@code upstreamOffset} on the source continues on the remote partition;
     * empty when the offset is older than every sync of the partition, or the partition has none.
     */
    public synchronized OptionalLong translateDownstream(TopicPartition sourcePartition, long upstreamOffset) {
        SyncRun run = runs.get(sourcePartition);
        return run == null ? OptionalLong.empty() : run.translate(upstreamOffset, true);
    }

    /**
     * Where a consumer that committed {@code downstreamOffset} on the remote partition continues on the source
     * partition {@code sourcePartition}; empty when nothing is known that far back.
     */
    public synchronized OptionalLong translateUpstream(TopicPartition sourcePartition, long downstreamOffset) {
        SyncRun run = runs.get(sourcePartition);
        return run == null ? OptionalLong.empty() : run.translate(downstreamOffset, false);
    }

    /** The oldest kept sync of a partition: how far back translation reaches. */
    public synchronized Optional<OffsetSync> oldest(TopicPartition sourcePartition) {
        SyncRun run = runs.get(sourcePartition);
        return run == null || run.size == 0
                ? Optional.empty()
                : Optional.of(new OffsetSync(sourcePartition, run.up[0], run.down[0]));
    }

    /** The newest kept sync of a partition: past it only {@code down + 1} is known to be replicated. */
    public synchronized Optional<OffsetSync> newest(TopicPartition sourcePartition) {
        SyncRun run = runs.get(sourcePartition);
        return run == null || run.size == 0
                ? Optional.empty()
                : Optional.of(new OffsetSync(sourcePartition, run.up[run.size - 1], run.down[run.size - 1]));
    }

    /** How many syncs are kept for a partition (after merging); for tests and metrics. */
    public synchronized int size(TopicPartition sourcePartition) {
        SyncRun run = runs.get(sourcePartition);
        return run == null ? 0 : run.size;
    }

    /**
     * What each rewind replaced, at most {@link #MAX} of them (the newest kept): the oldest replaced sync, the
     * upstream offset of the newest, and, when the replaced syncs lay on one line, how many offsets the early copy
     * spans downstream (up to where the newer copy begins), so an offset inside it translates to where its record
     * sits in the early copy.
     */
    private static final class EarlyCopies {
        private static final int MAX = 8;
        private final long[] up = new long[MAX];
        private final long[] down = new long[MAX];
        private final long[] lastUp = new long[MAX];
        /** Offsets the early copy spans from {@code up}/{@code down} when linear; 0 when not known to be. */
        private final long[] span = new long[MAX];

        private int count;

        void remember(long u, long d, long last, long linearSpan) {
            if (count == MAX) {
                System.arraycopy(up, 1, up, 0, MAX - 1);
                System.arraycopy(down, 1, down, 0, MAX - 1);
                System.arraycopy(lastUp, 1, lastUp, 0, MAX - 1);
                System.arraycopy(span, 1, span, 0, MAX - 1);
                count--;
            }
            up[count] = u;
            down[count] = d;
            lastUp[count] = last;
            span[count] = linearSpan;
            count++;
        }

        /**
         * No later than where the early copy {@code e} holds upstream offset {@code o}, or MAX_VALUE when it says
         * nothing about {@code o}: at or before its start, its start; inside a linear early copy, the record's own
         * place in it; inside one that is not linear, its start.
         */
        long bound(int e, long o) {
            if (o <= up[e]) {
                return down[e];
            }
            if (o - up[e] < span[e]) {
                return down[e] + (o - up[e]);
            }
            return o <= lastUp[e] ? down[e] : Long.MAX_VALUE;
        }

        void clear() {
            count = 0;
        }
    }

    /** The syncs of one partition, increasing in both offsets, packed in two primitive arrays. */
    private static final class SyncRun {
        private final int max;
        private long[] up = new long[4];
        private long[] down = new long[4];
        /** {@code coarse[i]}: syncs i and i + 1 were not consecutive (thinning dropped what lay between). */
        private boolean[] coarse = new boolean[4];

        private int size;
        private final EarlyCopies early = new EarlyCopies();
        private Uuid topicId = Uuid.ZERO_UUID;

        /** Drops every sync and early copy: they describe another topic. */
        void forget() {
            size = 0;
            early.clear();
        }

        private SyncRun(int max) {
            this.max = max;
        }

        void add(long u, long d) {
            if (size > 0 && d <= down[size - 1] && u > up[size - 1]) {
                size = 0; // truncation or recreation of the target: older downstream offsets are gone
                early.clear();
            } else {
                int before = size;
                while (size > 0 && up[size - 1] >= u) {
                    size--; // rewind: the newer copy supersedes
                }
                if (size < before) {
                    boolean linear = d > down[size];
                    for (int j = size + 1; j < before && linear; j++) {
                        linear = !coarse[j - 1] && up[j] - up[size] == down[j] - down[size];
                    }
                    // Syncs are written at every break of linearity, so a straight run of replaced syncs means the
                    // early copy was linear up to where the newer copy begins downstream, at d.
                    early.remember(up[size], down[size], up[before - 1], linear ? d - down[size] : 0);
                }
                if (size > 0 && down[size - 1] >= d) {
                    size = 0; // a rewind that also went back on the target: nothing older can be trusted
                    early.clear();
                }
            }
            if (size >= 2 && !coarse[size - 2] && collinear(size - 2, size - 1, u, d)) {
                up[size - 1] = u; // the middle point adds nothing to a straight run
                down[size - 1] = d;
                return;
            }
            if (size == max) {
                thin();
            }
            if (size == up.length) {
                int grown = Math.min(max, up.length * 2);
                up = Arrays.copyOf(up, grown);
                down = Arrays.copyOf(down, grown);
                coarse = Arrays.copyOf(coarse, grown);
            }
            up[size] = u;
            down[size] = d;
            if (size > 0) {
                coarse[size - 1] = false; // consecutive syncs of the writer
            }
            size++;
        }

        /**
         * Makes room by dropping every second sync of the older half (the oldest one stays, so translation reaches
         * as far back as before); the neighbours of a dropped sync become a coarse pair. Frees a quarter of the run,
         * so the cost is a constant per added sync.
         */
        private void thin() {
            int half = size / 2;
            int kept = 1;
            for (int r = 1; r < size; r++) {
                if (r < half && r % 2 == 1) {
                    coarse[kept - 1] = true;
                    continue;
                }
                up[kept] = up[r];
                down[kept] = down[r];
                coarse[kept] = coarse[r];
                kept++;
            }
            size = kept;
        }

        private boolean collinear(int first, int middle, long u, long d) {
            return up[middle] - up[first] == down[middle] - down[first] && u - up[middle] == d - down[middle];
        }

        /** Translates along {@code from} into {@code to}; forward is upstream to downstream. */
        OptionalLong translate(long offset, boolean forward) {
            long[] from = forward ? up : down;
            long[] to = forward ? down : up;
            int i = floor(from, offset);
            if (i < 0) {
                return OptionalLong.empty();
            }
            long translated = i == size - 1 || coarse[i]
                    ? to[i] + (offset == from[i] ? 0 : 1)
                    : to[i] + Math.min(offset - from[i], to[i + 1] - to[i]);
            if (forward) {
                for (int e = 0; e < early.count; e++) {
                    // A record the newer copy does not hold is only in the early copy: never translate past it.
                    long probe = Math.max(offset, early.up[e]);
                    if (!copiedAgain(probe)) {
                        translated = Math.min(translated, early.bound(e, offset));
                    }
                }
            }
            return OptionalLong.of(translated);
        }

        /**
         * Whether the kept syncs show the record at upstream offset {@code u} copied: at a sync, or inside a linear
         * run short of its last downstream offset (a run's last offset may be a transaction marker, not a record).
         */
        private boolean copiedAgain(long u) {
            int i = floor(up, u);
            if (i < 0) {
                return false;
            }
            if (up[i] == u) {
                return true;
            }
            return i < size - 1 && !coarse[i] && u - up[i] < down[i + 1] - down[i] - 1;
        }

        /** Index of the last kept sync at or before {@code offset}, or -1. */
        private int floor(long[] values, long offset) {
            int lo = 0;
            int hi = size - 1;
            int found = -1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (values[mid] <= offset) {
                    found = mid;
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return found;
        }
    }
}
