package org.dataexplorer.security;

import java.util.HashMap;
import java.util.Map;

/** Counts each user's uploads in progress, so that one user cannot take every upload slot. */
public final class UploadSlots {

    private final int perUser;
    private final Map<String, Integer> running = new HashMap<>();

    public UploadSlots(int perUser) {
        this.perUser = perUser;
    }

    public int perUser() {
        return perUser;
    }

    /** Takes a slot for {@code user}; false when the user already runs {@code perUser} uploads. */
    public synchronized boolean tryAcquire(String user) {
        int n = running.getOrDefault(user, 0);
        if (n >= perUser) {
            return false;
        }
        running.put(user, n + 1);
        return true;
    }

    public synchronized void release(String user) {
        running.computeIfPresent(user, (k, n) -> n <= 1 ? null : n - 1);
    }

    public synchronized int running(String user) {
        return running.getOrDefault(user, 0);
    }
}
