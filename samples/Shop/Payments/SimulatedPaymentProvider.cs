namespace Shop.Payments;

/// <summary>
/// Stands in for a remote payment provider: every charge takes the configured latency (Payment:LatencyMs) and then
/// succeeds. Raising the latency above the shop's payment timeout reproduces a provider outage, the failure a
/// release switch must be able to detect and roll back from.
/// </summary>
public sealed class SimulatedPaymentProvider(TimeSpan latency, TimeProvider time) : IPaymentProvider
{
    public static SimulatedPaymentProvider From(IConfiguration configuration, TimeProvider time)
    {
        var latencyMs = configuration.GetValue("Payment:LatencyMs", 20);
        if (latencyMs < 0)
            throw new InvalidOperationException($"Payment:LatencyMs must not be negative, got {latencyMs}.");
        return new SimulatedPaymentProvider(TimeSpan.FromMilliseconds(latencyMs), time);
    }

    public async Task<PaymentReceipt> ChargeAsync(PaymentRequest payment, CancellationToken cancellationToken)
    {
        await Task.Delay(latency, time, cancellationToken);
        return new PaymentReceipt($"sim_{Guid.NewGuid():N}");
    }
}
