package io.katarelease.jenkins.credentials;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * The credentials drop-down of a step's form and its check, as credentials-binding offers them:
 * only to users who may configure the item (or use its credentials), listing the credentials
 * the item can see, kinds the step accepts only.
 */
public final class CredentialsField {
    private CredentialsField() {}

    public static ListBoxModel items(Item item, String current) {
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayList(item)) {
            return result.includeCurrentValue(current);
        }
        return result.includeEmptyValue()
                .includeAs(ACL.SYSTEM2, item, StandardUsernamePasswordCredentials.class, List.of())
                .includeAs(ACL.SYSTEM2, item, StringCredentials.class, List.of())
                .includeCurrentValue(current);
    }

    public static FormValidation check(Item item, String value) {
        return check(item, value, "No credentials: only repositories that need no token can be used.");
    }

    /** @param none what an empty value means for this field */
    public static FormValidation check(Item item, String value, String none) {
        if (!mayList(item)) {
            return FormValidation.ok();
        }
        if (value == null || value.isBlank()) {
            return FormValidation.ok(none);
        }
        if (value.startsWith("${") && value.endsWith("}")) {
            return FormValidation.warning("Credentials named by a parameter are checked when the build runs.");
        }
        boolean known = !CredentialsProvider.listCredentialsInItem(StandardCredentials.class, item, ACL.SYSTEM2, List.of(),
                CredentialsMatchers.allOf(CredentialsMatchers.withId(value), CredentialsMatchers.anyOf(
                        CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class),
                        CredentialsMatchers.instanceOf(StringCredentials.class)))).isEmpty();
        return known ? FormValidation.ok()
                : FormValidation.error("No 'Username with password', GitHub App or 'Secret text' credentials with id '"
                        + value + "' are visible to this item.");
    }

    private static boolean mayList(Item item) {
        return item == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }
}
