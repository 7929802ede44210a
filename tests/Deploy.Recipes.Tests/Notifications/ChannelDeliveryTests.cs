using Deploy.Recipes.Notifications;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Notifications;

/// <summary>How one event is delivered to one channel: retried, stopped by a final refusal, bounded by the timeout.</summary>
public sealed class ChannelDeliveryTests
{
    private static readonly ReleaseEvent Started = SampleEvents.Of(ReleaseEventKind.Started);

    [Test]
    public async Task A_channel_that_fails_then_takes_the_event_is_retried_until_it_does()
    {
        var channel = new ScriptedChannel(_ => throw new ChannelRefusedException("the receiver answered 500", retryable: true), _ => throw new HttpRequestException("reset"), _ => Task.CompletedTask);

        var outcome = await ChannelDelivery.TryAsync(channel, Started, TimeSpan.FromSeconds(30));

        Assert.That((outcome.Delivered, outcome.Attempts), Is.EqualTo((true, 3)));
    }

    [Test]
    public async Task A_final_refusal_is_not_retried()
    {
        var channel = new ScriptedChannel(_ => throw new ChannelRefusedException("the receiver answered 404 NotFound: no_service", retryable: false));

        var outcome = await ChannelDelivery.TryAsync(channel, Started, TimeSpan.FromSeconds(30));

        Assert.That((outcome.Delivered, outcome.Attempts, outcome.Why), Is.EqualTo((false, 1, "the receiver answered 404 NotFound: no_service")));
    }

    [Test]
    public async Task A_channel_that_ignores_cancellation_still_gets_no_more_than_its_timeout()
    {
        var never = new TaskCompletionSource();
        var channel = new ScriptedChannel(_ => never.Task);

        var delivery = ChannelDelivery.TryAsync(channel, Started, TimeSpan.FromMilliseconds(300));
        // Not a timing assertion: without the bound the delivery never ends at all.
        var first = await Task.WhenAny(delivery, Task.Delay(TimeSpan.FromSeconds(60)));

        Assert.That(first, Is.SameAs(delivery), "the delivery must end once its time is up");
        var outcome = await delivery;
        Assert.That(outcome.Delivered, Is.False);
        Assert.That(outcome.Why, Is.EqualTo("no answer within 0.3 s"));
    }

    [Test]
    public async Task A_retry_after_longer_than_the_time_left_ends_the_delivery_instead_of_retrying_early()
    {
        var channel = new ScriptedChannel(_ => throw new ChannelRefusedException("the receiver answered 429", retryable: true, TimeSpan.FromMinutes(5)), _ => Task.CompletedTask);

        var outcome = await ChannelDelivery.TryAsync(channel, Started, TimeSpan.FromSeconds(1));

        Assert.That((outcome.Delivered, outcome.Attempts), Is.EqualTo((false, 1)), "the second attempt would have come before Slack's Retry-After");
    }

    /// <summary>A channel whose attempts do what the test says, in order (the last one repeats).</summary>
    private sealed class ScriptedChannel(params Func<CancellationToken, Task>[] attempts) : IReleaseNotifier
    {
        private int _made;

        public string Name => "scripted";

        public bool Wants(ReleaseEventKind kind) => true;

        public Task SendAsync(ReleaseEvent releaseEvent, CancellationToken cancel) => attempts[Math.Min(_made++, attempts.Length - 1)](cancel);
    }
}
