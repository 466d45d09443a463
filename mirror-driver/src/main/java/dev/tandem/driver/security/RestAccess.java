package dev.tandem.driver.security;

import dev.tandem.common.config.SecretMasking;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may use the REST APIs of this process's workers, for {@link TandemRestGuard}, which Connect instantiates itself
 * and so cannot be handed it: the operator's account of {@code rest.authentication.*} (when configured), and the
 * driver's own account. The driver's account is derived from the config file's secrets, so every driver process started
 * with the same file (as they must be) has the same one and no one without the file can make it; Connect passes a
 * request's {@code Authorization} header on when it forwards the request to the leader, so the leader knows the
 * driver's requests too.
 */
public final class RestAccess {

    /** The user name of the driver's own account. */
    public static final String DRIVER_USER = "tandem-driver";

    private static volatile RestAccess current = new RestAccess(Optional.empty(), derive(Map.of(), Optional.empty()));

    private final Optional<BasicCredentials> operator;
    private final BasicCredentials driver;

    private RestAccess(Optional<BasicCredentials> operator, BasicCredentials driver) {
        this.operator = operator;
        this.driver = driver;
    }

    /** Sets this process's accounts, from the operator's account and the config file's settings. */
    public static RestAccess install(Optional<BasicCredentials> operator, Map<String, String> fileSettings) {
        Map<String, String> secrets = new TreeMap<>();
        fileSettings.forEach((key, value) -> {
            if (SecretMasking.isSecret(key) && value != null) {
                secrets.put(key, value);
            }
        });
        RestAccess access = new RestAccess(operator, derive(secrets, operator));
        current = access;
        return access;
    }

    public static RestAccess current() {
        return current;
    }

    /** Whether requests without the operator's or the driver's credentials are refused. */
    public boolean authenticationRequired() {
        return operator.isPresent();
    }

    public Optional<BasicCredentials> operator() {
        return operator;
    }

    /** The credentials the driver's own requests to its workers carry. */
    public BasicCredentials driver() {
        return driver;
    }

    /** Who sent a request with this {@code Authorization} header (null when none). */
    public Caller identify(String authorization) {
        if (driver.matches(authorization)) {
            return Caller.DRIVER;
        }
        if (operator.isPresent() && operator.get().matches(authorization)) {
            return Caller.OPERATOR;
        }
        return Caller.ANONYMOUS;
    }

    /** The senders a worker tells apart. */
    public enum Caller {
        DRIVER,
        OPERATOR,
        ANONYMOUS
    }

    /** HMAC-SHA256 keyed by the file's secrets and the operator's password: only the file's holders can derive it. */
    private static BasicCredentials derive(Map<String, String> secrets, Optional<BasicCredentials> operator) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(secrets).forEach((key, value) -> {
                digest.update(key.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(value.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            });
            operator.ifPresent(o -> digest.update(o.password().getBytes(StandardCharsets.UTF_8)));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(digest.digest(), "HmacSHA256"));
            byte[] password = mac.doFinal("tandem driver REST account".getBytes(StandardCharsets.UTF_8));
            return new BasicCredentials(
                    DRIVER_USER, Base64.getUrlEncoder().withoutPadding().encodeToString(password));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 and HmacSHA256 are part of every JDK", e);
        }
    }
}
