package dev.tandem.driver.security;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How the driver's HTTP clients reach an https listener and prove who they are: the TLS trust of {@link TlsSettings}
 * and the credentials to send (none when no authentication is configured).
 */
public record HttpClientAccess(SSLContext ssl, Optional<BasicCredentials> credentials) {

    /** A client trusting this access's certificates; it verifies that a certificate names the host it reaches. */
    public HttpClient client(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .sslContext(ssl)
                .build();
    }

    /** {@code request} with the credentials' {@code Authorization} header, if any. */
    public HttpRequest.Builder authorize(HttpRequest.Builder request) {
        credentials.ifPresent(c -> request.header("Authorization", c.header()));
        return request;
    }
}
