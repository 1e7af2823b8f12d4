package org.dtaas.gateway.identity;

import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.dtaas.assets.AssetKind;
import org.dtaas.gateway.config.GatewayConfig;
import org.dtaas.gateway.identity.ServiceTokenIssuer;
import org.dtaas.identity.Caller;
import org.jboss.logging.Logger;

/**
 * What a new or removed user needs from the other services: library folders (made by the
 * library-service, which owns the files) and the removal of platform-service accounts (by the
 * provisioner). Calls block; run them on a worker.
 */
@Singleton
public class UserProvisioning {

    private static final Logger LOG = Logger.getLogger(UserProvisioning.class);

    public static final String LIBRARY_CREATED = "library folders created";

    private final ServiceTokenIssuer tokens;
    private final String libraryUrl;
    private final String provisionerUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public UserProvisioning(GatewayConfig config, ServiceTokenIssuer tokens) {
        this.tokens = tokens;
        this.libraryUrl = config.gateway().libraryUrl();
        this.provisionerUrl = config.gateway().provisionerUrl();
    }

    /** Makes the user's kind folders (existing ones are kept); says what happened, for the caller to show. */
    public String createLibrary(Caller actingAs, String name) {
        for (AssetKind kind : AssetKind.values()) {
            String path = name + "/" + kind.folders().get(0);
            int status = call(actingAs, "POST", libraryUrl + "/api/library/dirs/" + encode(path));
            if (status >= 300 && status != 409) {
                return "the account works, but the library-service answered " + status + " for " + path
                        + "; create the folders from the Library page";
            }
        }
        return LIBRARY_CREATED;
    }

    /** Removes the user's RabbitMQ/MQTT/InfluxDB/Grafana accounts; true when the provisioner did. */
    public boolean removeServiceAccounts(Caller actingAs, String name) {
        return call(actingAs, "DELETE", provisionerUrl + "/api/services/" + name) == 204;
    }

    private int call(Caller actingAs, String method, String url) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + tokens.tokenFor(actingAs))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 502;
        } catch (Exception e) {
            LOG.warnf("%s %s failed: %s", method, url, e.getMessage());
            return 502;
        }
    }

    private static String encode(String path) {
        StringBuilder encoded = new StringBuilder();
        for (String part : path.split("/")) {
            if (encoded.length() > 0) {
                encoded.append('/');
            }
            encoded.append(URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return encoded.toString();
    }
}
