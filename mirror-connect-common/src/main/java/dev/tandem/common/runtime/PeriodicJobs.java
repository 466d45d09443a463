package dev.tandem.common.runtime;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background jobs of one connector (topic discovery, config sync...) on a single thread, so they never run
 * concurrently with each other. A failed run is logged with the job's name and retried at the next interval; it
 * never stops the other jobs.
 */
public final class PeriodicJobs implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PeriodicJobs.class);

    private final ScheduledExecutorService executor;
    private final String owner;

    public PeriodicJobs(String owner) {
        this.owner = owner;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tandem-" + owner);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs {@code job} every {@code interval}, first after {@code interval}. */
    public void every(String name, Duration interval, Job job) {
        SlowRuns slow = new SlowRuns(name, interval);
        executor.scheduleWithFixedDelay(
                () -> {
                    long start = System.nanoTime();
                    runLogged(name, job);
                    slow.ran(Duration.ofNanos(System.nanoTime() - start));
                },
                interval.toMillis(),
                interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs {@code job} once, now, on the jobs' thread. */
    public void once(String name, Job job) {
        executor.execute(() -> runLogged(name, job));
    }

    private void runLogged(String name, Job job) {
        try {
            job.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("{}: {} failed, retrying at its next interval: {}", owner, name, e.toString(), e);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }

    /** Interrupts the running job and waits up to {@code timeout} for it to end; a job stuck past it is left. */
    public void close(Duration timeout) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info(
                        "{}: a background job did not stop within {} ms of its connector's stop; left to end by itself",
                        owner,
                        timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Says when a job takes longer than its interval, at most every {@link #QUIET}: the jobs share one thread, so such
     * a run delays the others (a new topic waits for the topic discovery behind it), and at thousands of topics that
     * is the first thing to look for when something is picked up late.
     */
    private final class SlowRuns {
        private static final Duration QUIET = Duration.ofMinutes(10);

        private final String name;
        private final Duration interval;
        private long lastSaidNanos;
        private boolean said;

        SlowRuns(String name, Duration interval) {
            this.name = name;
            this.interval = interval;
        }

        void ran(Duration took) {
            log.debug("{}: {} ran in {} ms", owner, name, took.toMillis());
            if (took.compareTo(interval) <= 0) {
                return;
            }
            long now = System.nanoTime();
            if (said && now - lastSaidNanos < QUIET.toNanos()) {
                return;
            }
            said = true;
            lastSaidNanos = now;
            log.info(
                    "{}: {} took {} ms, longer than its interval of {} ms; the connector's other background jobs waited"
                            + " for it (said at most every {} minutes)",
                    owner,
                    name,
                    took.toMillis(),
                    interval.toMillis(),
                    QUIET.toMinutes());
        }
    }

    @FunctionalInterface
    public interface Job {
        void run() throws Exception;
    }
}
