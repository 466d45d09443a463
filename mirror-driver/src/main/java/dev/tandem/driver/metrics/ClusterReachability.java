package dev.tandem.driver.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether each cluster the driver's flows use answers, asked every few seconds: one WARN when a cluster stops
 * answering, one every {@link #REPEAT} while it does not (with how long), one INFO when it answers again; the
 * gauges {@code tandem_cluster_reachable{cluster}} and {@code tandem_cluster_unreachable_seconds{cluster}}; and what
 * {@code /health} and {@code /status} say. Kafka's clients log a warning on every failed connection attempt (about
 * 1,600 lines in 50 s with a cluster down); the driver's logging keeps those back, and this says it instead.
 */
public final class ClusterReachability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterReachability.class);

    /** How long a cluster has to answer one probe. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** How often an outage is logged again while it lasts. */
    static final Duration REPEAT = Duration.ofMinutes(1);

    /** One cluster's state as the last probe found it. */
    public record Reachability(String cluster, boolean reachable, Long unreachableSinceMs, String reason) {
        /** Seconds since the cluster stopped answering at {@code nowMs}; null while it answers. */
        public Double unreachableSeconds(long nowMs) {
            return unreachableSinceMs == null ? null : Math.max(0, nowMs - unreachableSinceMs) / 1000.0;
        }
    }

    private final Map<String, Probe> probes = new LinkedHashMap<>();
    private final LongSupplier clock;

    /** {@code admins}: an admin client of each cluster, by alias; closed with this. */
    public ClusterReachability(Map<String, Admin> admins, MeterRegistry registry, LongSupplier clock) {
        this.clock = clock;
        admins.forEach((alias, admin) -> {
            Probe probe = new Probe(alias, admin);
            probes.put(alias, probe);
            Gauge.builder("tandem.cluster.reachable", probe, p -> p.unreachableSince < 0 ? 1 : 0)
                    .description("1 while the cluster answers the driver, 0 while it does not")
                    .tag("cluster", alias)
                    .register(registry);
            Gauge.builder(
                            "tandem.cluster.unreachable",
                            probe,
                            p -> p.unreachableSince < 0
                                    ? 0
                                    : Math.max(0, clock.getAsLong() - p.unreachableSince) / 1000.0)
                    .baseUnit("seconds")
                    .description("How long the cluster has not answered the driver; 0 while it answers")
                    .tag("cluster", alias)
                    .register(registry);
        });
    }

    /** Asks every cluster once; logs what changed. */
    public void check() {
        for (Probe probe : probes.values()) {
            probe.check();
        }
    }

    public boolean allReachable() {
        return probes.values().stream().allMatch(p -> p.unreachableSince < 0);
    }

    /** The aliases of the clusters that do not answer now. */
    public Set<String> unreachable() {
        Set<String> away = new TreeSet<>();
        probes.values().stream().filter(p -> p.unreachableSince >= 0).forEach(p -> away.add(p.alias));
        return away;
    }

    /** Each cluster's state, in the config's order. */
    public List<Reachability> states() {
        List<Reachability> states = new ArrayList<>();
        for (Probe probe : probes.values()) {
            long since = probe.unreachableSince;
            states.add(new Reachability(probe.alias, since < 0, since < 0 ? null : since, probe.reason));
        }
        return states;
    }

    /** For {@code /health}: by alias, whether it answers and, if not, since when. */
    public Map<String, Object> health() {
        Map<String, Object> clusters = new LinkedHashMap<>();
        long now = clock.getAsLong();
        for (Reachability state : states()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("reachable", state.reachable());
            if (!state.reachable()) {
                one.put(
                        "unreachableSince",
                        Instant.ofEpochMilli(state.unreachableSinceMs()).toString());
                one.put("unreachableSeconds", state.unreachableSeconds(now));
                one.put("reason", state.reason());
            }
            clusters.put(state.cluster(), one);
        }
        return clusters;
    }

    @Override
    public void close() {
        probes.values()
                .forEach(p -> Utils.closeQuietly(() -> p.admin.close(Duration.ofSeconds(5)), "admin " + p.alias));
    }

    private final class Probe {
        private final String alias;
        private final Admin admin;
        private volatile long unreachableSince = -1;
        private volatile String reason;
        private long lastReportedMs;

        Probe(String alias, Admin admin) {
            this.alias = alias;
            this.admin = admin;
        }

        void check() {
            String failure = probe();
            long now = clock.getAsLong();
            if (failure == null) {
                if (unreachableSince >= 0) {
                    log.info("Cluster {} answers again, after {} unreachable", alias, took(now - unreachableSince));
                }
                unreachableSince = -1;
                reason = null;
                return;
            }
            reason = failure;
            if (unreachableSince < 0) {
                unreachableSince = now;
                lastReportedMs = now;
                log.warn(
                        "Cluster {} is unreachable ({}). Copying from and to it waits and goes on by itself when it"
                                + " answers again; this is logged every {} while it lasts (Kafka's client warnings about"
                                + " it are held back), and /health and status show it",
                        alias,
                        failure,
                        took(REPEAT.toMillis()));
            } else if (now - lastReportedMs >= REPEAT.toMillis()) {
                lastReportedMs = now;
                log.warn(
                        "Cluster {} is still unreachable, for {} since {} ({})",
                        alias,
                        took(now - unreachableSince),
                        Instant.ofEpochMilli(unreachableSince),
                        failure);
            }
        }

        /** Null when the cluster answered, else why not. */
        private String probe() {
            try {
                admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                        .clusterId()
                        .get(PROBE_TIMEOUT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            } catch (ExecutionException e) {
                return e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
                        ? "no answer within " + PROBE_TIMEOUT.toSeconds() + " s"
                        : String.valueOf(e.getCause());
            } catch (TimeoutException e) {
                return "no answer within " + PROBE_TIMEOUT.toSeconds() + " s";
            }
        }
    }

    private static String took(long ms) {
        Duration d = Duration.ofMillis(ms);
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : d.toSeconds() + " s";
    }
}
