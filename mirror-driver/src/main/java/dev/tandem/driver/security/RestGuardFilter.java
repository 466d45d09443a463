package dev.tandem.driver.security;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.driver.secrets.DriverSecretsProvider;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.connect.health.ConnectClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request to an embedded worker's REST API passes here first.
 *
 * <ol>
 *   <li>Connect's internal requests between workers ({@code POST /connectors/x/tasks}, {@code PUT
 *       /connectors/x/fence}) pass: Connect checks their signature with the group's session key itself.</li>
 *   <li>With {@code rest.authentication.*} set, a request without the operator's or the driver's credentials gets
 *       401.</li>
 *   <li>A connector config that refers to the driver's secrets ({@code ${tandem:...}}) is accepted only from the
 *       driver itself: a connector created or validated through the REST API cannot make the worker resolve a
 *       cluster's password and send it wherever the connector points. Nor can a request change the config of a
 *       connector that holds such references (the driver's own), which would send them elsewhere.</li>
 * </ol>
 */
final class RestGuardFilter implements ContainerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RestGuardFilter.class);
    private static final Pattern INTERNAL =
            Pattern.compile("(POST connectors/[^/]+/tasks|PUT connectors/[^/]+/fence)/?");
    private static final Pattern CONFIG_WRITE = Pattern.compile(
            "(POST connectors|(PUT|PATCH) connectors/[^/]+/config|PUT connector-plugins/[^/]+/config/validate)/?");
    private static final Pattern CONNECTOR_CONFIG = Pattern.compile("(PUT|PATCH) connectors/([^/]+)/config/?");

    private final RestAccess access;
    private final ConnectClusterState cluster;

    RestGuardFilter(RestAccess access, ConnectClusterState cluster) {
        this.access = access;
        this.cluster = cluster;
    }

    @Override
    public void filter(ContainerRequestContext request) throws IOException {
        String path = request.getUriInfo().getPath(true);
        String call = request.getMethod() + " " + (path.startsWith("/") ? path.substring(1) : path);
        if (INTERNAL.matcher(call).matches()) {
            return;
        }
        RestAccess.Caller caller = access.identify(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (caller == RestAccess.Caller.ANONYMOUS && access.authenticationRequired()) {
            request.abortWith(error(
                            Response.Status.UNAUTHORIZED,
                            "Authentication required: send the user and"
                                    + " password of rest.authentication.user (HTTP basic authentication)")
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Tandem\"")
                    .build());
            return;
        }
        if (caller == RestAccess.Caller.DRIVER || !CONFIG_WRITE.matcher(call).matches()) {
            return;
        }
        byte[] body = request.getEntityStream().readAllBytes();
        request.setEntityStream(new ByteArrayInputStream(body));
        if (DriverReferences.inJson(body)) {
            log.warn(
                    "Refused {}: its config refers to the driver's secrets (${{{}:...}})",
                    call,
                    DriverSecretsProvider.NAME);
            request.abortWith(error(
                            Response.Status.BAD_REQUEST,
                            "This config refers to the driver's secrets (${"
                                    + DriverSecretsProvider.NAME
                                    + ":...}), which only the connectors the driver deploys from"
                                    + " its own config file may use. Give the connector its own credentials, inline or"
                                    + " through another config provider (e.g. FileConfigProvider).")
                    .build());
            return;
        }
        var connector = CONNECTOR_CONFIG.matcher(call);
        if (connector.matches() && holdsDriverSecrets(connector.group(2))) {
            log.warn("Refused {}: that connector is the driver's own", call);
            request.abortWith(error(
                            Response.Status.FORBIDDEN,
                            "Connector '" + connector.group(2) + "' is deployed"
                                    + " by the Tandem driver from its config file and uses its secrets; change it in that"
                                    + " file and restart the driver, not through the REST API.")
                    .build());
        }
    }

    private boolean holdsDriverSecrets(String connector) {
        Map<String, String> config;
        try {
            config = cluster.connectorConfig(connector); // as stored: references, not their values
        } catch (RuntimeException e) {
            return false; // no such connector (yet)
        }
        return config != null && config.values().stream().anyMatch(DriverReferences::in);
    }

    private static Response.ResponseBuilder error(Response.Status status, String message) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("error_code", status.getStatusCode());
        body.put("message", message);
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body.toString());
    }
}
