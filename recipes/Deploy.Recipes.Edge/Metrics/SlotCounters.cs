using System.Diagnostics;

namespace Deploy.Recipes.Edge.Metrics;

/// <summary>
/// Live counters of one slot process. Updated on every proxied request, so only Interlocked operations: no locks,
/// no allocation. Read as a snapshot that may be a few requests apart between fields, which metrics tolerate.
/// Customers' requests are also counted on their own, apart from operator requests (the recipe's smoke checks and
/// readiness probes), so a gate judging a release sees only what customers got.
/// </summary>
internal sealed class SlotCounters
{
    private readonly long[] _latencyCounts = new long[LatencyBuckets.WireBoundsMs.Count];
    private readonly long[] _customerLatencyCounts = new long[LatencyBuckets.WireBoundsMs.Count];
    private readonly InFlightRequests _customersInFlight = new();
    private long _requests;
    private long _errors;
    private long _customerRequests;
    private long _customerErrors;
    private long _operatorRequests;
    private int _inFlight;
    private int _customerInFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Counts a request as started; returns what <see cref="RequestEnded"/> needs back.</summary>
    public InFlightTicket RequestStarted(bool fromOperator)
    {
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _inFlight);
        if (fromOperator)
            return new InFlightTicket(started, true, -1);
        Interlocked.Increment(ref _customerInFlight);
        return new InFlightTicket(started, false, _customersInFlight.Add(started));
    }

    public void RequestEnded(int statusCode, InFlightTicket ticket)
    {
        var bucket = LatencyBuckets.IndexOf(Stopwatch.GetElapsedTime(ticket.Started).TotalMilliseconds);
        Interlocked.Increment(ref _latencyCounts[bucket]);
        Interlocked.Increment(ref _requests);
        var failed = statusCode >= 500;
        if (failed)
            Interlocked.Increment(ref _errors);
        if (ticket.FromOperator)
        {
            Interlocked.Increment(ref _operatorRequests);
        }
        else
        {
            _customersInFlight.Remove(ticket.Place);
            Interlocked.Increment(ref _customerRequests);
            if (failed)
                Interlocked.Increment(ref _customerErrors);
            else
                Interlocked.Increment(ref _customerLatencyCounts[bucket]);
            Interlocked.Decrement(ref _customerInFlight);
        }

        Interlocked.Decrement(ref _inFlight);
    }

    public Contract.SlotMetrics Snapshot()
    {
        var now = Stopwatch.GetTimestamp();
        var ages = new long[LatencyBuckets.WireBoundsMs.Count];
        var oldest = 0.0;
        foreach (var age in _customersInFlight.AgesMs(now))
        {
            ages[LatencyBuckets.IndexOf(age)]++;
            oldest = Math.Max(oldest, age);
        }

        var customers = new Contract.CustomerMetrics(
            Interlocked.Read(ref _customerRequests), Interlocked.Read(ref _customerErrors), Volatile.Read(ref _customerInFlight),
            Read(_customerLatencyCounts), Math.Round(oldest, 1), ages);
        return new Contract.SlotMetrics(Interlocked.Read(ref _requests), Interlocked.Read(ref _errors), InFlight, LatencyBuckets.WireBoundsMs,
            Read(_latencyCounts), customers, Interlocked.Read(ref _operatorRequests));
    }

    private static long[] Read(long[] counts)
    {
        var copy = new long[counts.Length];
        for (var i = 0; i < copy.Length; i++)
            copy[i] = Interlocked.Read(ref counts[i]);
        return copy;
    }
}

/// <summary>What a started request carries until it ends: when it started, whose it is, and its in-flight place.</summary>
internal readonly record struct InFlightTicket(long Started, bool FromOperator, int Place);
