package org.dtaas.provisioner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The platform services this installation offers; a service without a URL is "not-configured". */
@ConfigMapping(prefix = "dtaas.services")
public interface ServicesConfig {

    /** Per service name (rabbitmq, mqtt, influxdb, grafana): where it answers. */
    Map<String, Endpoint> endpoints();

    /** How long a probe result is reused. */
    @WithDefault("5s")
    Duration probeCacheTime();

    /** How long a probe waits for a connection. */
    @WithDefault("800ms")
    Duration probeTimeout();

    /** The URL of a service this installation offers (without a trailing slash), or null. */
    default String urlOf(String service) {
        Endpoint endpoint = endpoints().get(service);
        return endpoint == null ? null : endpoint.url().filter(u -> !u.isBlank()).map(u -> u.replaceAll("/+$", "")).orElse(null);
    }

    interface Endpoint {
        /** e.g. amqp://127.0.0.1:5672, mqtt://127.0.0.1:1883, http://127.0.0.1:8086; empty: not configured */
        Optional<String> url();

        /** What users see. */
        String title();
    }
}
