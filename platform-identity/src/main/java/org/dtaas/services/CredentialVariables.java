package org.dtaas.services;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How platform-service credentials become environment variables, the same for the user's
 * {@code .dtaas/services.env} (written by the provisioner) and for lifecycle runs (set by the
 * workspace-service): {@code <SERVICE>_<FIELD>}, e.g. {@code RABBITMQ_PASSWORD}, {@code MQTT_TOPICPREFIX}.
 */
public final class CredentialVariables {

    /** Where the provisioner puts a user's credentials, relative to the user's library root. */
    public static final String JSON_FILE = ".dtaas/services.json";
    public static final String ENV_FILE = ".dtaas/services.env";

    private CredentialVariables() {
    }

    public static Map<String, String> of(Map<String, Map<String, String>> credentials) {
        Map<String, String> variables = new LinkedHashMap<>();
        credentials.forEach((service, fields) -> fields.forEach((field, value) ->
                variables.put(service.toUpperCase(Locale.ROOT) + "_" + field.toUpperCase(Locale.ROOT), value)));
        return variables;
    }
}
