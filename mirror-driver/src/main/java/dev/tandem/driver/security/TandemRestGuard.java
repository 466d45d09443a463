package dev.tandem.driver.security;

import dev.tandem.common.runtime.TandemVersion;
import jakarta.ws.rs.Priorities;
import java.util.Map;
import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

/**
 * The driver's REST extension, on every embedded worker: basic authentication when {@code rest.authentication.*} is
 * set, and the driver's secrets kept for the driver's own connectors (see {@link RestGuardFilter}). Another extension
 * (Connect's {@code BasicAuthSecurityRestExtension}, a company's SSO) can run beside it: list it in
 * {@code rest.extension.classes}.
 */
public final class TandemRestGuard implements ConnectRestExtension {

    @Override
    public void register(ConnectRestExtensionContext context) {
        context.configurable()
                .register(new RestGuardFilter(RestAccess.current(), context.clusterState()), Priorities.AUTHENTICATION);
    }

    @Override
    public void configure(Map<String, ?> configs) {}

    @Override
    public void close() {}

    @Override
    public String version() {
        return TandemVersion.get();
    }
}
