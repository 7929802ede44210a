namespace Shop;

/// <summary>The shop's own settings, read once at startup so a bad value stops the release before it takes traffic.</summary>
public sealed record ShopSettings(string Version, TimeSpan PaymentTimeout, TimeSpan StartupDelay, bool MigrateOnStartup, TimeSpan? FailAfter = null,
    bool FlaggedFeatureFails = false)
{
    public static ShopSettings From(IConfiguration configuration)
    {
        var version = configuration["Shop:Version"] is { Length: > 0 } configured ? configured : ShopApp.Version;
        var paymentTimeoutMs = configuration.GetValue("Shop:PaymentTimeoutMs", 1000);
        var startupDelaySeconds = configuration.GetValue("Shop:StartupDelaySeconds", 0.0);
        var failAfterSeconds = configuration.GetValue<double?>("Shop:FailAfterSeconds");

        if (paymentTimeoutMs <= 0)
            throw new InvalidOperationException($"Shop:PaymentTimeoutMs must be greater than 0, got {paymentTimeoutMs}.");
        if (startupDelaySeconds < 0)
            throw new InvalidOperationException($"Shop:StartupDelaySeconds must not be negative, got {startupDelaySeconds}.");
        if (failAfterSeconds < 0)
            throw new InvalidOperationException($"Shop:FailAfterSeconds must not be negative, got {failAfterSeconds}.");

        return new ShopSettings(version, TimeSpan.FromMilliseconds(paymentTimeoutMs), TimeSpan.FromSeconds(startupDelaySeconds),
            configuration.GetValue("Shop:MigrateOnStartup", true), failAfterSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            configuration.GetValue("Shop:FlaggedFeatureFails", false));
    }
}
