using System.Diagnostics;

namespace Deploy.Recipes.Edge.Metrics;

/// <summary>
/// When each request now in flight to a slot started, so the edge can say how long the oldest has been waiting: a
/// hung release is visible while its requests hang, not only after they time out. A fixed table of start timestamps
/// (0 = free) claimed with compare-and-swap: no locks and no allocation per request. When more requests are in
/// flight than the table holds, the extra ones are counted but not aged.
/// </summary>
internal sealed class InFlightRequests(int capacity = 4096)
{
    private readonly long[] _started = new long[capacity];
    private int _next;

    /// <summary>Records a request that started at <paramref name="timestamp"/> (a <see cref="Stopwatch"/> timestamp); returns its place, or -1 when the table is full.</summary>
    public int Add(long timestamp)
    {
        var first = (int)((uint)Interlocked.Increment(ref _next) % (uint)_started.Length);
        for (var i = 0; i < _started.Length; i++)
        {
            var place = (first + i) % _started.Length;
            if (Interlocked.CompareExchange(ref _started[place], timestamp, 0) == 0)
                return place;
        }

        return -1;
    }

    /// <summary>Forgets the request recorded at <paramref name="place"/>.</summary>
    public void Remove(int place)
    {
        if (place >= 0)
            Volatile.Write(ref _started[place], 0);
    }

    /// <summary>How long, at <paramref name="now"/>, each tracked request has been in flight, in ms.</summary>
    public IEnumerable<double> AgesMs(long now)
    {
        for (var i = 0; i < _started.Length; i++)
        {
            var started = Volatile.Read(ref _started[i]);
            if (started != 0)
                yield return Math.Max(0, Stopwatch.GetElapsedTime(started, now).TotalMilliseconds);
        }
    }
}
