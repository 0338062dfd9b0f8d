package org.dataexplorer.security;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Who is calling, once authenticated.
 *
 * @param user   the user id requests act for, or null (the service itself, or development mode)
 * @param scopes what the caller may do (closed under implication)
 * @param via    how the caller proved it
 */
public record Principal(String user, Set<Scope> scopes, Via via) {

    /** How the credential was given. */
    public enum Via { DEVELOPMENT, SERVICE_SECRET, JWT, METRICS_TOKEN }

    /** User ids: Django usernames ({@code [\w.@+-]}) and numeric ids. */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9._@+-]{1,150}");

    private static final Principal DEVELOPMENT = new Principal(null, EnumSet.allOf(Scope.class), Via.DEVELOPMENT);

    public Principal {
        scopes = Scope.closure(scopes);
    }

    /** Development mode: anyone, everything, no owner. */
    public static Principal development() {
        return DEVELOPMENT;
    }

    public static boolean validUserId(String user) {
        return user != null && USER_ID.matcher(user).matches();
    }

    public boolean has(Scope scope) {
        return scopes.contains(scope);
    }

    /**
     * Whether this caller may see a dataset owned by {@code owner} (null: a dataset without owner, made before
     * ownership or in development mode: only admins see it).
     */
    public boolean canSee(String owner) {
        if (via == Via.DEVELOPMENT || has(Scope.ADMIN)) {
            return true;
        }
        return owner != null && owner.equals(user);
    }
}
