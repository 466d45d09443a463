package dev.tandem.driver;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A scrape of a Prometheus text endpoint, queried by metric name and label fragments. */
final class PrometheusText {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final List<String> lines;

    private PrometheusText(List<String> lines) {
        this.lines = lines;
    }

    static PrometheusText scrape(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(metrics + " answered " + response.statusCode());
        }
        return new PrometheusText(response.body()
                .lines()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .toList());
    }

    /** Values of the samples named exactly {@code name} whose labels contain every fragment, e.g. {@code topic="orders"}. */
    List<Double> values(String name, String... labelFragments) {
        List<Double> values = new ArrayList<>();
        for (String line : lines) {
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String sample = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
            if (!sample.equals(name)) {
                continue;
            }
            String labels = brace >= 0 ? line.substring(brace, line.lastIndexOf('}') + 1) : "";
            boolean matches = true;
            for (String fragment : labelFragments) {
                matches &= labels.contains(fragment);
            }
            if (matches) {
                values.add(Double.parseDouble(line.substring(space + 1)));
            }
        }
        return values;
    }

    /**
     * Scrapes {@code metrics} until the series of {@code name} with every one of {@code labelFragments} sum to
     * {@code expected}, for up to 30 s; fails with the last scrape's sum.
     */
    static void awaitSum(URI metrics, double expected, String name, String... labelFragments) {
        dev.tandem.testkit.Await.value(
                name + " " + String.join(",", labelFragments) + " = " + expected + " in " + metrics,
                java.time.Duration.ofSeconds(30),
                () -> scrape(metrics).sum(name, labelFragments),
                sum -> sum == expected);
    }

    double sum(String name, String... labelFragments) {
        return values(name, labelFragments).stream()
                .mapToDouble(Double::doubleValue)
                .sum();
    }
}
