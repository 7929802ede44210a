using System.Diagnostics;
using System.Text.Json;

namespace Deploy.Recipes.Benchmarks.Faults;

/// <summary>
/// Customers browse and check out (wrk, orders written to the shop's SQLite database) while faults are injected one
/// at a time into releases of the sample shop, all through ./build.sh as a user runs it: SIGKILL of Deploy at each
/// step, SIGTERM during verification, SIGKILL of the edge, three concurrent deploys, a hung release, a restore.
/// Prints per fault: customers' failed requests, what was live after, whether the rerun completed without
/// --force-unlock, and orders lost (acknowledged with 201 but not in the database afterwards).
/// Goal: 0 orders lost in every row; failed requests only in the edge-kill row.
/// </summary>
internal sealed class FaultBenchmark
{
    private const int Connections = 16;
    private static readonly string[] Versions = ["fault-1", "fault-2", "fault-3"];

    // Where each SIGKILL lands: the audit record that shows the step began (bake: verification has just passed).
    private static readonly (string Name, string Step, string Outcome)[] KillPoints =
    [
        ("install", "Deploy/install", "started"),
        ("start", "release/start", "started"),
        ("ready", "release/ready", "started"),
        ("smoke", "release/smoke", "started"),
        ("switch", "Deploy/switch", "started"),
        ("verify", "Deploy/verify", "started"),
        ("bake", "Deploy/verify", "succeeded"),
    ];

    private readonly string _root;
    private readonly string _scratch;
    private readonly int _port;
    private readonly List<FaultRow> _rows = [];
    private readonly HashSet<long> _ordersKeptOnlyInSafetyBackup = [];

    private FaultBenchmark(string root)
    {
        _root = root;
        _scratch = Directory.CreateTempSubdirectory("deploy-faults-").FullName;
        _port = ReferenceProxy.FreePort();
    }

    private string State => Path.Combine(_scratch, "state");

    private string AuditFile => Path.Combine(State, "audit", "local.jsonl");

    private string Database => Path.Combine(State, "local", "data", "shop.db");

    private Uri Url => new($"http://127.0.0.1:{_port}/");

    public static int Run(string root)
    {
        var benchmark = new FaultBenchmark(root);
        try
        {
            benchmark.RunAll();
            benchmark.Print();
            return 0;
        }
        finally
        {
            benchmark.Recipe("--target=Down");
            Directory.Delete(benchmark._scratch, recursive: true);
        }
    }

    private void RunAll()
    {
        Console.WriteLine("packaging three releases of the sample shop ...");
        // The first builds and tests the shop; the other two only publish it again under their own version.
        for (var i = 0; i < Versions.Length; i++)
            RecipeOrThrow(["--target=Package", .. i == 0 ? Array.Empty<string>() : ["--exclusive"], "--app-version=" + Versions[i], $"--artifacts=artifacts/faults/{i + 1}"]);
        RecipeOrThrow(Deploy(0, "--verify-time=1"));

        foreach (var (name, step, outcome) in KillPoints)
            Row($"SIGKILL of Deploy at {name}", () => KillDeployAt(step, outcome));
        Row("SIGTERM of Deploy during verification", TerminateDuringVerification);
        Row("SIGKILL of the edge, then Status", KillEdge);
        Row("three concurrent deploys", ConcurrentDeploys);
        Row("hung release (checkout waits 30 s)", HungRelease);
        Row("restore of the newest backup", Restore);
    }

    private void Row(string fault, Func<(string Rerun, string Note)> inject)
    {
        Console.WriteLine($"fault: {fault} ...");
        var before = OrderBook.Read(Database);
        var load = CheckoutLoad.Start(Url, Connections, _scratch);
        Thread.Sleep(2000);
        string rerun, note;
        try
        {
            (rerun, note) = inject();
        }
        catch (Exception e)
        {
            (rerun, note) = ("(not reached)", "benchmark step failed: " + e.Message.Split('\n')[0]);
        }

        var live = Live();
        Thread.Sleep(1000);
        var (tally, maintenance) = CheckoutLoad.Stop(load);
        var after = OrderBook.Read(Database);
        // A restore undoes the orders placed after its backup on purpose; they are lost only if the safety backup lacks them too.
        var lost = tally.AcknowledgedOrders.Where(id => !after.Contains(id) && !_ordersKeptOnlyInSafetyBackup.Contains(id)).ToList();
        var lostBefore = before.Count(id => !after.Contains(id) && !_ordersKeptOnlyInSafetyBackup.Contains(id));
        if (lostBefore > 0)
            note += $"; {lostBefore} earlier orders no longer in the database";
        _rows.Add(new FaultRow(fault, tally.Failed(maintenance), maintenance, live, rerun, tally.AcknowledgedOrders.Count, lost.Count, note));
    }

    private (string, string) KillDeployAt(string step, string outcome)
    {
        var mark = RecipeRun.AuditLines(AuditFile);
        var run = Start(Deploy(NotLive(), "--verify-time=5"));
        var reached = run.WaitForAudit(AuditFile, mark, step, outcome, TimeSpan.FromMinutes(3));
        Signal.Send(run.Pid, "KILL");
        var (exit, _) = run.Wait();
        var note = reached ? $"killed at '{step}' {outcome}" : $"run ended (exit {exit}) before '{step}' {outcome}";
        return (Rerun(Deploy(NotLiveOf(Live()), "--verify-time=2")), note + "; live right after the kill: " + Live());
    }

    private (string, string) TerminateDuringVerification()
    {
        var mark = RecipeRun.AuditLines(AuditFile);
        var live = Live();
        var run = Start(Deploy(NotLive(), "--verify-time=60"));
        var reached = run.WaitForAudit(AuditFile, mark, "Deploy/verify", "started", TimeSpan.FromMinutes(3));
        Signal.Send(run.Pid, "TERM");
        var (exit, output) = run.Wait();
        var back = Live() == live ? "traffic back on " + live : "live is now " + Live();
        return (Rerun(Deploy(NotLive(), "--verify-time=2")), $"{(reached ? "signalled" : "not reached")}; exit {exit}; {back}; said: {LastLine(output)}");
    }

    private (string, string) KillEdge()
    {
        var (edgePid, appPids) = Pids();
        var clock = Stopwatch.StartNew();
        Signal.Send(edgePid, "KILL");
        Thread.Sleep(1000);
        var (exit, output) = RecipeRaw("--target=Status");
        var restarted = clock.Elapsed.TotalSeconds;
        var (newEdge, newApps) = Pids();
        var same = appPids.SetEquals(newApps) ? "app PIDs unchanged" : $"app PIDs changed ({string.Join(",", appPids)} -> {string.Join(",", newApps)})";
        return ("n/a", $"Status exit {exit} after {restarted:0.0} s; edge {edgePid} -> {newEdge}; {same}; said: {Line(output, "edge")}");
    }

    private (string, string) ConcurrentDeploys()
    {
        var runs = Enumerable.Range(0, Versions.Length).Select(i => Start(Deploy(i, "--verify-time=2"))).ToList();
        var results = runs.Select(r => r.Wait()).ToList();
        var won = results.Count(r => r.ExitCode == 0);
        var refused = results.Where(r => r.ExitCode != 0).Select(r => LastLine(r.Output)).Distinct();
        return ("n/a", $"{won} of {runs.Count} completed; the others: {string.Join(" | ", refused)}");
    }

    private (string, string) HungRelease()
    {
        var live = Live();
        var (exit, output) = RecipeRaw(Deploy(NotLive(), "--verify-time=15",
            "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Payment__LatencyMs=30000;Shop__PaymentTimeoutMs=60000"));
        var back = Live() == live ? "traffic back on " + live : "live is now " + Live();
        return ("n/a", $"exit {exit}; {back}; said: {LastLine(output)}");
    }

    private (string, string) Restore()
    {
        var backups = Path.Combine(State, "local", "backups");
        var existing = Directory.Exists(backups) ? Directory.GetFiles(backups).ToHashSet() : [];
        // The restore goes back to a backup taken a few seconds earlier, with customers ordering in between.
        var (taken, takenOutput) = RecipeRaw("--target=BackupDatabase");
        if (taken != 0)
            return ("n/a", "BackupDatabase failed: " + LastLine(takenOutput));
        existing.UnionWith(Directory.GetFiles(backups));
        Thread.Sleep(3000);
        var before = OrderBook.Read(Database);
        var (exit, output) = RecipeRaw("--target=RestoreDatabase", "--confirm");
        var safety = Directory.GetFiles(backups, "*.db").Where(f => !existing.Contains(f)).ToList();
        var kept = safety.SelectMany(OrderBook.Read).ToHashSet();
        var restored = OrderBook.Read(Database);
        var missing = before.Where(id => !restored.Contains(id)).ToList();
        var inSafety = missing.Count(kept.Contains);
        _ordersKeptOnlyInSafetyBackup.UnionWith(kept.Where(id => !restored.Contains(id)));
        return ("n/a", $"exit {exit}; {missing.Count} orders newer than the restored backup, {inSafety} of them in the safety backup ({string.Join(", ", safety.Select(Path.GetFileName))}); said: {LastLine(output)}");
    }

    private string Rerun(string[] deploy)
    {
        var (exit, output) = RecipeRaw(deploy);
        if (exit == 0)
            return "yes";
        var (forced, forcedOutput) = RecipeRaw([.. deploy, "--force-unlock"]);
        return $"no ({LastLine(output)}); with --force-unlock: {(forced == 0 ? "completed" : "failed: " + LastLine(forcedOutput))}";
    }

    private void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"faults under load (wrk, {Connections} connections: 3 of 4 requests GET /, 1 of 4 POST /api/checkout)");
        Console.WriteLine($"{"fault",-42} {"failed",7} {"maint.",7} {"orders",7} {"lost",5}  {"live after",-10}  rerun without --force-unlock");
        foreach (var row in _rows)
        {
            Console.WriteLine($"{row.Fault,-42} {row.Failed,7} {row.Maintenance,7} {row.OrdersAcknowledged,7} {row.OrdersLost,5}  {row.LiveAfter,-10}  {row.Rerun}");
            Console.WriteLine($"{"",42}   {row.Note}");
        }

        Console.WriteLine($"orders lost in all rows: {_rows.Sum(r => r.OrdersLost)} (goal 0)");
    }

    private string[] Deploy(int release, params string[] more) =>
        ["--target=Deploy", "--prebuilt", $"--artifacts=artifacts/faults/{release + 1}", .. more];

    private int NotLive() => NotLiveOf(Live());

    private static int NotLiveOf(string live) => live == Versions[0] ? 1 : 0;

    private string Live()
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            using var version = JsonDocument.Parse(http.GetStringAsync(new Uri(Url, "version")).Result);
            return version.RootElement.GetProperty("version").GetString()!;
        }
        catch (Exception e)
        {
            return "down (" + (e.InnerException ?? e).GetType().Name + ")";
        }
    }

    private (int Edge, HashSet<int> Apps) Pids()
    {
        var (_, json) = RecipeRaw("--target=Status", "--format=json", "--verbosity=quiet");
        using var status = JsonDocument.Parse(json);
        var edge = status.RootElement.GetProperty("edge").GetProperty("pid").GetInt32();
        var apps = status.RootElement.GetProperty("slots").EnumerateArray()
            .Where(s => s.GetProperty("pid").ValueKind == JsonValueKind.Number).Select(s => s.GetProperty("pid").GetInt32()).ToHashSet();
        return (edge, apps);
    }

    private string[] WithEnvironment(string[] args) =>
        [.. args, "--environment=local", $"--public-port={_port}", $"--state-directory={State}", "--bake-time=600"];

    // Every run goes to the benchmark's own environment: its port, its state folder, never the repository's .deploy/.
    private RecipeRun Start(params string[] args) => RecipeRun.Start(_root, WithEnvironment(args));

    private (int ExitCode, string Output) RecipeRaw(params string[] args) => Start(args).Wait();

    private void Recipe(params string[] args) => RecipeRaw(args);

    private void RecipeOrThrow(params string[] args)
    {
        var (exit, output) = RecipeRaw(args);
        if (exit != 0)
            throw new InvalidOperationException($"./build.sh {string.Join(' ', args)} failed:\n{output}");
    }

    private static string LastLine(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith("Error:")) ??
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";

    private static string Line(string output, string containing) =>
        output.Split('\n', StringSplitOptions.TrimEntries).FirstOrDefault(l => l.Contains(containing, StringComparison.OrdinalIgnoreCase)) ?? "";
}
