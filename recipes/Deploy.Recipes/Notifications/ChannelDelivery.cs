using System.Diagnostics;

namespace Deploy.Recipes.Notifications;

/// <summary>How telling one channel one event went.</summary>
/// <param name="Delivered">Whether the channel took it.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="Elapsed">How long it took, retries and waits included.</param>
/// <param name="Why">Why it was not delivered (the last error, or that no answer came in time); null when delivered.</param>
public sealed record DeliveryOutcome(bool Delivered, int Attempts, TimeSpan Elapsed, string? Why);

/// <summary>
/// Tells one channel one event within a time limit: retried with backoff (0.25 s doubling to at most 4 s, or the
/// receiver's Retry-After when longer) until it is taken, refused for good, or the time is up. The limit holds even
/// for a channel whose client ignores cancellation (a hung connection in a library): the release never waits longer.
/// </summary>
public static class ChannelDelivery
{
    /// <summary>Tries to deliver <paramref name="releaseEvent"/> to <paramref name="notifier"/> within <paramref name="timeout"/>.</summary>
    public static async Task<DeliveryOutcome> TryAsync(IReleaseNotifier notifier, ReleaseEvent releaseEvent, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var clock = Stopwatch.StartNew();
        var attempt = 0;
        Exception? last = null;
        while (!deadline.IsCancellationRequested)
        {
            attempt++;
            try
            {
                await notifier.SendAsync(releaseEvent, deadline.Token).WaitAsync(deadline.Token);
                return new DeliveryOutcome(true, attempt, clock.Elapsed, null);
            }
            catch (Exception failure)
            {
                last = failure;
            }

            // A receiver that refused for good (a removed webhook, a bad token) answers the same to every retry.
            if (last is ChannelRefusedException { Retryable: false })
                break;
            var backoff = TimeSpan.FromMilliseconds(Math.Min(4000, 250 * Math.Pow(2, attempt - 1)));
            if (last is ChannelRefusedException { RetryAfter: { } asked } && asked > backoff)
                backoff = asked;
            try
            {
                await Task.Delay(backoff, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        var why = last is OperationCanceledException || last == null
            ? $"no answer within {timeout.TotalSeconds:0.#} s"
            : last.Message;
        return new DeliveryOutcome(false, attempt, clock.Elapsed, why);
    }
}
