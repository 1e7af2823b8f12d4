package org.dtaas.library.assets;

/** A reusable asset: a folder directly under one of the five kind folders of an owner's tree. */
public record Asset(String name, String kind, String path, String owner, String summary) {
}
