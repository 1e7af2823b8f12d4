package org.dtaas.library;

import org.dtaas.identity.UserNames;

/** Refusal messages that say what to do instead. */
final class UserNamesHint {

    private UserNamesHint() {
    }

    static String writeRefusal(String owner) {
        return UserNames.COMMON.equals(owner)
                ? "only admins change common/; put the file in your own library or ask an admin"
                : "you may not change " + owner + "'s library";
    }
}
