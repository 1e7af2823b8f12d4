package org.dtaas.provisioner.influxdb;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.time.Duration;
import org.dtaas.provisioner.config.ProvisionerConfig;
import org.dtaas.provisioner.config.ServicesConfig;
import org.dtaas.provisioner.credentials.AccountNames;
import org.dtaas.provisioner.credentials.ServiceAccounts;

/** What the InfluxDB 1.x and 2 accounts share: the service's name and URL, settings, JSON, HTTP. */
abstract class InfluxDbAccounts implements ServiceAccounts {

    protected final ServicesConfig services;
    protected final ProvisionerConfig.InfluxDb config;
    protected final ObjectMapper json;
    protected final AccountNames names;
    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    InfluxDbAccounts(ServicesConfig services, ProvisionerConfig config, ObjectMapper json, AccountNames names) {
        this.services = services;
        this.names = names;
        this.config = config.influxdb();
        this.json = json;
    }

    @Override
    public String service() {
        return "influxdb";
    }

    protected String url() {
        return services.urlOf(service());
    }
}
