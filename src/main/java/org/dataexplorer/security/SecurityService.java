package org.dataexplorer.security;

import java.time.Clock;

/** The security parts of one running service, built once from its settings. */
public final class SecurityService {

    private final SecuritySettings settings;
    private final Authenticator authenticator;
    private final RateLimiter userRate;
    private final RateLimiter addressRate;
    private final UploadSlots uploadSlots;
    private final StorageQuota quota;
    private final TrustedProxies proxies;

    public SecurityService(SecuritySettings settings, String metricsToken, Clock clock) {
        this.settings = settings;
        TokenVerifier tokens = new TokenVerifier(settings.jwtSecret(), settings.jwtPublicKey(),
                settings.clockSkewSeconds(), settings.jwtIssuer(), settings.jwtAudience(), clock);
        this.authenticator = new Authenticator(settings.serviceSecret(), metricsToken, tokens);
        this.userRate = new RateLimiter(settings.userRatePerSecond(), settings.userBurst(), settings.rateMaxKeys(),
                System::nanoTime);
        this.addressRate = new RateLimiter(settings.addressRatePerSecond(), settings.addressBurst(),
                settings.rateMaxKeys(), System::nanoTime);
        this.uploadSlots = new UploadSlots(settings.maxConcurrentUploadsPerUser());
        this.quota = new StorageQuota(settings.userQuotaBytes());
        this.proxies = TrustedProxies.parse(settings.trustedProxies());
    }

    public SecuritySettings settings() {
        return settings;
    }

    public boolean tokenMode() {
        return settings.tokenMode();
    }

    public Authenticator authenticator() {
        return authenticator;
    }

    public RateLimiter userRate() {
        return userRate;
    }

    public RateLimiter addressRate() {
        return addressRate;
    }

    public UploadSlots uploadSlots() {
        return uploadSlots;
    }

    public StorageQuota quota() {
        return quota;
    }

    public TrustedProxies proxies() {
        return proxies;
    }
}
