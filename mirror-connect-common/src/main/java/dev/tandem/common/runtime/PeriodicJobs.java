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
        executor.scheduleWithFixedDelay(
                () -> runLogged(name, job), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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

    @FunctionalInterface
    public interface Job {
        void run() throws Exception;
    }
}
