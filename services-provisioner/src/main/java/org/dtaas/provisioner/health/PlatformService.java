package org.dtaas.provisioner.health;

/** A platform service as users see it: {@code status} is {@code up}, {@code down} or {@code not-configured}. */
public record PlatformService(String name, String title, String url, String status) {
}
