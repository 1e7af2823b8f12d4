package org.dtaas.workspace.twin;

import java.util.List;

/** A digital twin folder: {@code path} is its library path (e.g. {@code alice/digital twins/incubator}). */
public record DigitalTwin(String name, String path, List<String> phases, String description) {
}
