package org.dtaas.identity;

/**
 * Who a request acts for, as established by the gateway. The single place where the platform's
 * ownership rule is written: a user owns their own tree, everyone reads {@code common}, admins do
 * everything. The gateway and every service ask these two methods instead of re-deriving the rule.
 */
public record Caller(String user, boolean admin) {

    /** May this caller read resources that belong to {@code owner} (a user name or {@code common})? */
    public boolean mayRead(String owner) {
        return admin || user.equals(owner) || UserNames.COMMON.equals(owner);
    }

    /** May this caller create, change or delete resources that belong to {@code owner}? */
    public boolean mayWrite(String owner) {
        return admin || user.equals(owner);
    }
}
