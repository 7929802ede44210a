namespace Shop.Health;

/// <summary>
/// Holds readiness back for Shop:StartupDelaySeconds after the app starts, like an app that warms caches before
/// taking traffic; with a huge delay it is a release that never becomes ready, which a deploy must refuse to switch to.
/// </summary>
public sealed class StartupGate(TimeSpan delay, TimeProvider time)
{
    private long _startedAt;
    private volatile bool _started;

    public void MarkStarted()
    {
        _startedAt = time.GetTimestamp();
        _started = true;
    }

    public bool IsOpen => _started && time.GetElapsedTime(_startedAt) >= delay;
}
