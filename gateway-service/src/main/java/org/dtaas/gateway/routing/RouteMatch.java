package org.dtaas.gateway.routing;

/**
 * A classified request: where it goes, whose resource it names ({@code null} when only the service
 * can tell, e.g. a run id or a GraphQL query) and whether it changes something.
 */
public record RouteMatch(Target target, String owner, boolean write) {

    static RouteMatch of(Target target) {
        return new RouteMatch(target, null, false);
    }
}
