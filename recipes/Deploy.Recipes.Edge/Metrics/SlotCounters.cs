using System.Diagnostics;

namespace Deploy.Recipes.Edge.Metrics;

/// <summary>
/// Live counters of one slot process. Updated on every proxied request, so only Interlocked operations: no locks,
/// no allocation. Read as a snapshot that may be a few requests apart between fields, which metrics tolerate.
/// Customers' requests are also counted on their own, apart from operator requests (the recipe's smoke checks and
/// readiness probes) and from testers' pinned requests, so a gate judging a release sees only what customers got.
/// </summary>
internal sealed class SlotCounters
{
    /// <summary>Status classes counted: 1xx to 5xx.</summary>
    public const int StatusClasses = 5;

    private readonly long[] _latencyCounts = new long[LatencyBuckets.WireBoundsMs.Count];
    private readonly long[] _customerLatencyCounts = new long[LatencyBuckets.WireBoundsMs.Count];
    private readonly long[] _customerDurationCounts = new long[LatencyBuckets.WireBoundsMs.Count];
    private readonly long[] _bySourceAndClass = new long[Contract.EdgeMetricsText.Sources.Count * StatusClasses];
    private long _customerDurationTicks;
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
    public InFlightTicket RequestStarted(RequestSource source)
    {
        var started = Stopwatch.GetTimestamp();
        Interlocked.Increment(ref _inFlight);
        if (source != RequestSource.Customer)
            return new InFlightTicket(started, source, -1);
        Interlocked.Increment(ref _customerInFlight);
        return new InFlightTicket(started, source, _customersInFlight.Add(started));
    }

    public void RequestEnded(int statusCode, InFlightTicket ticket)
    {
        var elapsedTicks = Stopwatch.GetTimestamp() - ticket.Started;
        var bucket = LatencyBuckets.IndexOf(elapsedTicks * 1000.0 / Stopwatch.Frequency);
        Interlocked.Increment(ref _latencyCounts[bucket]);
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _bySourceAndClass[(int)ticket.Source * StatusClasses + ClassIndexOf(statusCode)]);
        var failed = statusCode >= 500;
        if (failed)
            Interlocked.Increment(ref _errors);
        switch (ticket.Source)
        {
            case RequestSource.Operator:
                Interlocked.Increment(ref _operatorRequests);
                break;
            case RequestSource.Customer:
                _customersInFlight.Remove(ticket.Place);
                Interlocked.Increment(ref _customerRequests);
                if (failed)
                    Interlocked.Increment(ref _customerErrors);
                else
                    Interlocked.Increment(ref _customerLatencyCounts[bucket]);
                Interlocked.Increment(ref _customerDurationCounts[bucket]);
                Interlocked.Add(ref _customerDurationTicks, elapsedTicks);
                Interlocked.Decrement(ref _customerInFlight);
                break;
        }

        Interlocked.Decrement(ref _inFlight);
    }

    /// <summary>0 for 1xx ... 4 for 5xx; anything outside 100-599 counts with its nearest class.</summary>
    public static int ClassIndexOf(int statusCode) => Math.Clamp(statusCode / 100 - 1, 0, StatusClasses - 1);

    /// <summary>What the Prometheus export needs of this slot's counters, read now.</summary>
    public SlotExport Export()
    {
        var now = Stopwatch.GetTimestamp();
        var oldest = 0.0;
        foreach (var age in _customersInFlight.AgesMs(now))
            oldest = Math.Max(oldest, age);
        return new SlotExport(Read(_bySourceAndClass), Read(_customerDurationCounts),
            (double)Interlocked.Read(ref _customerDurationTicks) / Stopwatch.Frequency, Volatile.Read(ref _customerInFlight), oldest / 1000);
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
internal readonly record struct InFlightTicket(long Started, RequestSource Source, int Place);

/// <summary>One slot's counters as exported: requests by source and status class (index source * 5 + class), the
/// customers' duration histogram per bucket (not cumulative) and its sum in seconds, customers in flight and the
/// oldest one's age in seconds.</summary>
internal sealed record SlotExport(long[] RequestsBySourceAndClass, long[] CustomerDurationCounts, double CustomerDurationSeconds,
    int CustomersInFlight, double OldestInFlightSeconds);
