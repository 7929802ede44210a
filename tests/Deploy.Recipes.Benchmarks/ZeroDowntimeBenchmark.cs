using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Deploy.Recipes.Benchmarks;

/// <summary>
/// Continuous load (wrk, 64 connections) on an environment's public port while it goes through
/// deploy → deploy → rollback → maintenance on/off, all through ./build.sh as a user runs them. Then the edge's added
/// latency: the same slot hit directly, through the edge, and through nginx, at 1 and 64 connections, in interleaved
/// rounds while the edge's /metrics is scraped. Targets: 0 failed requests; switch and rollback ≤ 1 s; edge p50
/// overhead at 1 connection ≤ 0.2 ms; edge throughput at 64 connections ≥ nginx's.
/// </summary>
internal static partial class ZeroDowntimeBenchmark
{
    private const int OverheadRounds = 3;

    public static int Run(string root, TimeSpan loadDuration, TimeSpan overheadDuration)
    {
        var scratch = Directory.CreateTempSubdirectory("deploy-bench-").FullName;
        var port = ReferenceProxy.FreePort();
        // Its own state folder: the benchmark never touches the repository's .deploy/.
        string Build(params string[] args) =>
            BuildScript(root, [.. args, "--environment=local", $"--public-port={port}", $"--state-directory={Path.Combine(scratch, "state")}"]);
        try
        {
            // No Down first: the state folder is new (and Down fails on an environment never deployed: LocalEdgeStop deletes
            // edge-state.json in an edge folder that does not exist yet).
            Console.WriteLine("packaging three releases of the sample shop ...");
            BuildScript(root, ["--target=Package", "--app-version=bench-1", "--artifacts=artifacts/bench/1"]);
            BuildScript(root, ["--target=Package", "--exclusive", "--app-version=bench-2", "--artifacts=artifacts/bench/2"]);
            BuildScript(root, ["--target=Package", "--exclusive", "--app-version=bench-3", "--artifacts=artifacts/bench/3"]);
            Build("--target=Deploy", "--prebuilt", "--artifacts=artifacts/bench/1", "--verify-time=1");

            Console.WriteLine($"load: wrk -c64 for {loadDuration.TotalSeconds:0} s while deploy, deploy, rollback, maintenance on/off run ...");
            var url = new Uri($"http://127.0.0.1:{port}/");
            var wrk = Wrk.Start(url, 64, loadDuration, scratch);
            var sequence = Stopwatch.StartNew();
            Thread.Sleep(3000);
            var switch2 = Number(SwitchedIn(), Build("--target=Deploy", "--prebuilt", "--artifacts=artifacts/bench/2", "--verify-time=2"));
            Thread.Sleep(2000);
            var switch3 = Number(SwitchedIn(), Build("--target=Deploy", "--prebuilt", "--artifacts=artifacts/bench/3", "--verify-time=2"));
            Thread.Sleep(2000);
            var rollbackClock = Stopwatch.StartNew();
            var rollbackOutput = Build("--target=Rollback");
            var rollbackWall = rollbackClock.Elapsed.TotalMilliseconds;
            var rollbackSwitch = Number(RollbackSwitch(), rollbackOutput);
            var rollbackFromStart = Number(RollbackSinceStart(), rollbackOutput);
            Thread.Sleep(2000);
            Build("--target=MaintenanceOn", "--retry-after=30");
            Thread.Sleep(2000);
            Build("--target=MaintenanceOff");
            var sequenceSeconds = sequence.Elapsed.TotalSeconds;
            var load = Wrk.Finish(wrk);
            if (sequenceSeconds > loadDuration.TotalSeconds)
                Console.WriteLine($"WARNING: the sequence took {sequenceSeconds:0.0} s, longer than the load ({loadDuration.TotalSeconds:0} s)");

            Console.WriteLine();
            Console.WriteLine("zero-downtime run (wrk, 64 connections, 2 threads)");
            Console.WriteLine($"  total requests            {load.Requests,10:N0}   ({load.RequestsPerSecond:N0}/s)");
            Console.WriteLine($"  failed requests           {load.Failed,10:N0}   (non-2xx other than maintenance 503s, plus {load.SocketErrors} socket errors)   target 0 {(load.Failed == 0 ? "met" : "MISSED")}");
            Console.WriteLine($"  maintenance 503s          {load.MaintenanceResponses,10:N0}");
            Console.WriteLine($"  by status                 {string.Join(", ", load.ByStatus.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"))}");
            Console.WriteLine($"  latency p50 / p99         {load.P50Ms,10:0.000} / {load.P99Ms:0.000} ms");
            Console.WriteLine($"  switch time (deploy 2, 3) {switch2,10:0.0} / {switch3:0.0} ms   target <= 1000 {(Math.Max(switch2, switch3) <= 1000 ? "met" : "MISSED")}");
            Console.WriteLine($"  rollback: switch          {rollbackSwitch,10:0.0} ms");
            Console.WriteLine($"  rollback: start to switch {rollbackFromStart,10:0} ms   (process start of ./build.sh's program until customers are back)   target <= 1000 {(rollbackFromStart <= 1000 ? "met" : "MISSED")}");
            Console.WriteLine($"  rollback: whole command   {rollbackWall,10:0} ms   (./build.sh wall time, including its up-to-date check and exit)");
            Console.WriteLine($"  sequence took             {sequenceSeconds,10:0.0} s");

            var slotPort = LiveSlotPort(Build("--target=Status", "--format=json", "--verbosity=quiet"));
            using var nginx = new ReferenceProxy(slotPort, scratch);
            // Metrics export on, as in production: the edge is scraped every second, the way Prometheus would.
            using var scraper = new MetricsScraper(Path.Combine(scratch, "state", "local", "edge"));
            Console.WriteLine();
            Console.WriteLine($"proxy overhead, GET / on the live slot, {overheadDuration.TotalSeconds:0} s per run, {OverheadRounds} rounds interleaved (direct, edge, nginx), /metrics scraped every second");
            Console.WriteLine("  round  connections  path          p50 ms    p99 ms      req/s   p50 overhead vs direct");
            var rounds = new List<(int Connections, WrkResult Direct, WrkResult Edge, WrkResult Nginx)>();
            for (var round = 1; round <= OverheadRounds; round++)
            {
                foreach (var connections in new[] { 1, 64 })
                {
                    var direct = Wrk.Run(new Uri($"http://127.0.0.1:{slotPort}/"), connections, overheadDuration, scratch);
                    var edge = Wrk.Run(url, connections, overheadDuration, scratch);
                    var reference = Wrk.Run(new Uri($"http://127.0.0.1:{nginx.Port}/"), connections, overheadDuration, scratch);
                    rounds.Add((connections, direct, edge, reference));
                    foreach (var (name, result) in new[] { ("direct", direct), ("edge (YARP)", edge), ("nginx", reference) })
                    {
                        var overhead = name == "direct" ? "" : $"{result.P50Ms - direct.P50Ms:+0.000;-0.000} ms";
                        Console.WriteLine($"  {round,5}  {connections,11}  {name,-12} {result.P50Ms,7:0.000}  {result.P99Ms,8:0.000}  {result.RequestsPerSecond,9:N0}   {overhead}");
                    }
                }
            }

            // Medians over the rounds: a neighbour's burst on this shared machine spoils one round, not the figure.
            var ratio = Median(rounds.Where(r => r.Connections == 64).Select(r => r.Edge.RequestsPerSecond / r.Nginx.RequestsPerSecond));
            var edgeOverhead = Median(rounds.Where(r => r.Connections == 1).Select(r => r.Edge.P50Ms - r.Direct.P50Ms));
            var nginxOverhead = Median(rounds.Where(r => r.Connections == 1).Select(r => r.Nginx.P50Ms - r.Direct.P50Ms));
            Console.WriteLine($"  edge/nginx throughput at 64 connections (median of {OverheadRounds}): {ratio:P0}   target >= 100% {(ratio >= 1 ? "met" : "MISSED")}");
            Console.WriteLine($"  edge p50 overhead at 1 connection (median): {edgeOverhead:0.000} ms (nginx {nginxOverhead:0.000} ms)   target <= 0.2 ms {(edgeOverhead <= 0.2 ? "met" : "MISSED")}");
            Console.WriteLine($"  metrics scrapes during the runs: {scraper.Scrapes} ({scraper.Failures} failed)");

            return 0;
        }
        finally
        {
            Build("--target=Down");
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string BuildScript(string root, string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(root, "build.sh")) { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in args)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"./build.sh {string.Join(' ', args)} failed:\n{output}\n{error.Result}");
        return Regex.Replace(output, @"\x1b\[[0-9;]*m", "");
    }

    private static double Number(Regex pattern, string output)
    {
        var match = pattern.Match(output);
        return match.Success
            ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"'{pattern}' not found in:\n{output}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static int LiveSlotPort(string statusJson)
    {
        using var status = JsonDocument.Parse(statusJson);
        return status.RootElement.GetProperty("slots").EnumerateArray().Single(s => s.GetProperty("weight").GetInt32() == 100).GetProperty("port").GetInt32();
    }

    [GeneratedRegex(@"Switched traffic to .* in ([0-9.]+) ms")]
    private static partial Regex SwitchedIn();

    [GeneratedRegex(@"traffic switched in ([0-9.]+) ms")]
    private static partial Regex RollbackSwitch();

    [GeneratedRegex(@"([0-9.]+) ms after the command started")]
    private static partial Regex RollbackSinceStart();
}
