package dev.tandem.driver.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/** A user and password of HTTP basic authentication. Its {@code toString} never shows the password. */
public record BasicCredentials(String user, String password) {

    /** The value of an {@code Authorization} header that carries these credentials. */
    public String header() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code authorization} (a request's header, or null) carries these credentials; constant time. */
    public boolean matches(String authorization) {
        if (authorization == null) {
            return false;
        }
        return MessageDigest.isEqual(
                header().getBytes(StandardCharsets.UTF_8), authorization.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether a user and password checked by a server (which decoded the header itself) are these. */
    public boolean matches(String user, String password) {
        return MessageDigest.isEqual(
                        this.user.getBytes(StandardCharsets.UTF_8),
                        String.valueOf(user).getBytes(StandardCharsets.UTF_8))
                & MessageDigest.isEqual(
                        this.password.getBytes(StandardCharsets.UTF_8),
                        String.valueOf(password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + ", password=[hidden]]";
    }
}
