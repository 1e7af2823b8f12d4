package org.dtaas.provisioner.health;

import java.time.Instant;

/**
 * A platform service as users see it: {@code status} is {@code up}, {@code down} or
 * {@code not-configured}; {@code lastError} says why it was last found down, {@code checkedAt} when
 * it was last checked.
 */
public record PlatformService(String name, String title, String url, String status, String lastError, Instant checkedAt) {
}
