using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Deploy.Recipes.Benchmarks;

/// <summary>What one wrk run measured.</summary>
internal sealed record WrkResult(
    long Requests,
    double RequestsPerSecond,
    double P50Ms,
    double P99Ms,
    long SocketErrors,
    IReadOnlyDictionary<int, long> ByStatus,
    long MaintenanceResponses)
{
    /// <summary>Non-2xx responses other than maintenance 503s, plus socket errors.</summary>
    public long Failed => ByStatus.Where(s => s.Key is < 200 or > 299).Sum(s => s.Value) - MaintenanceResponses + SocketErrors;
}

/// <summary>Runs wrk (Debian's package) with a Lua script that tallies status codes and tells maintenance 503s apart.</summary>
internal static partial class Wrk
{
    private const string Script = """
        local threads = {}
        function setup(thread) table.insert(threads, thread) end
        function init(args) counts = {}; maintenance = 0 end
        function response(status, headers, body)
          counts[status] = (counts[status] or 0) + 1
          if status == 503 and headers["Retry-After"] ~= nil then maintenance = maintenance + 1 end
        end
        function done(summary, latency, requests)
          local total, m = {}, 0
          for _, t in ipairs(threads) do
            for k, v in pairs(t:get("counts")) do total[k] = (total[k] or 0) + v end
            m = m + t:get("maintenance")
          end
          for k, v in pairs(total) do io.write(string.format("status %d %d\n", k, v)) end
          io.write(string.format("maintenance %d\n", m))
          io.write(string.format("p50us %f\np99us %f\n", latency:percentile(50), latency:percentile(99)))
        end
        """;

    public static Process Start(Uri url, int connections, TimeSpan duration, string scratch)
    {
        var script = Path.Combine(scratch, "tally.lua");
        File.WriteAllText(script, Script);
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-t", Math.Min(2, connections).ToString(), "-c", connections.ToString(), "-d", $"{(int)duration.TotalSeconds}s", "--timeout", "5s", "-s", script, url.ToString() })
            start.ArgumentList.Add(argument);
        return Process.Start(start) ?? throw new InvalidOperationException("wrk did not start; install it with apt-get install wrk");
    }

    public static WrkResult Finish(Process wrk)
    {
        var output = wrk.StandardOutput.ReadToEnd();
        wrk.StandardError.ReadToEnd();
        wrk.WaitForExit();
        if (wrk.ExitCode != 0)
            throw new InvalidOperationException("wrk failed:\n" + output);
        var byStatus = StatusLine().Matches(output).ToDictionary(m => int.Parse(m.Groups[1].Value), m => long.Parse(m.Groups[2].Value));
        var socket = SocketErrors().Match(output);
        long errors = socket.Success ? socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value)) : 0;
        return new WrkResult(
            long.Parse(Requests().Match(output).Groups[1].Value),
            double.Parse(Rate().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Number(output, "p50us") / 1000,
            Number(output, "p99us") / 1000,
            errors,
            byStatus,
            (long)Number(output, "maintenance"));
    }

    public static WrkResult Run(Uri url, int connections, TimeSpan duration, string scratch) => Finish(Start(url, connections, duration, scratch));

    private static double Number(string output, string name) =>
        double.Parse(Regex.Match(output, $@"^{name} ([0-9.]+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^status (\d+) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex Rate();
}
