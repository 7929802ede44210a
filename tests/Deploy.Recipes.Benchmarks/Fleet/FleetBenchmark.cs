using System.Diagnostics;
using System.Runtime.Versioning;
using Deploy.Recipes.Tests.Fleet;
using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Benchmarks.Fleet;

/// <summary>
/// Releases of the sample shop onto 3, 6 and 12 loopback "servers" (real sshd on 127.0.0.100 and up, each its own
/// user, home and host key; all sharing this machine's cores), through ./build.sh as a user runs it. Per fleet size:
/// a first blue-green release (everything uploaded), a second blue-green release (another release uploaded), then a
/// rolling release (three waves) of the first release again, which every host already holds. Prints per run the wall
/// time, the time from the first host's switch to the last, per phase (upload, start, prove, switch, verify) the
/// median and slowest host's time and the phase's span across the fleet, and how many uploads were skipped.
/// Goals: every host switched within 1 s of the first (blue-green); uploads skipped when the host has the release;
/// phases in parallel across hosts (a span near the slowest host's time, not near the sum over hosts).
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class FleetBenchmark
{
    private const int FirstAddress = 100;
    private static readonly int[] Sizes = [3, 6, 12];
    private static readonly string[] Versions = ["fleet-1", "fleet-2"];
    private readonly string root;
    private readonly string scratch;
    private readonly List<string> rows = [];

    private FleetBenchmark(string root)
    {
        this.root = root;
        scratch = Directory.CreateTempSubdirectory("deploy-fleet-").FullName;
    }

    public static int Run(string root)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("The fleet benchmark needs root: it creates a Unix user and an sshd per host.");
            return 1;
        }

        var benchmark = new FleetBenchmark(root);
        try
        {
            benchmark.RunAll();
            benchmark.Print();
            return 0;
        }
        finally
        {
            Directory.Delete(benchmark.scratch, recursive: true);
        }
    }

    private void RunAll()
    {
        Console.WriteLine("packaging two releases of the sample shop ...");
        for (var i = 0; i < Versions.Length; i++)
            Check(Recipe(["--target=Package", .. i == 0 ? Array.Empty<string>() : ["--exclusive"], "--app-version=" + Versions[i], Artifacts(i)]));

        foreach (var size in Sizes)
        {
            Console.WriteLine($"{size} hosts: starting their sshd ...");
            using var fleet = LoopbackFleet.Start(size, FirstAddress);
            var port = FreePort.Next();
            var state = Path.Combine(scratch, $"state-{size}");
            string[] Target(params string[] more) =>
            [
                .. more, "--environment=production", $"--public-port={port}", $"--state-directory={state}", $"--hosts={fleet.HostsSetting}",
                $"--ssh-key={fleet.ClientKey}", $"--known-hosts={fleet.KnownHosts}", "--prebuilt", "--database=",
                "--app-settings=ConnectionStrings__Shop=Data Source={data}/shop.db;Shop__MigrateOnStartup=true",
            ];
            try
            {
                Measure(size, "blue-green, first release", Target("--target=Deploy", Artifacts(0), "--verify-time=2"), state);
                Measure(size, "blue-green", Target("--target=Deploy", Artifacts(1), "--verify-time=2"), state);
                Measure(size, $"rolling, {size / 3} per wave", Target("--target=Deploy", Artifacts(0), "--strategy=rolling",
                    $"--batch-size={size / 3}", "--wave-verify-time=1"), state);
            }
            finally
            {
                Recipe(Target("--target=Down", "--force-unlock"));
            }
        }
    }

    private void Measure(int hosts, string strategy, string[] arguments, string state)
    {
        Console.WriteLine($"{hosts} hosts: {strategy} ...");
        var audit = Path.Combine(state, "audit", "production.jsonl");
        var mark = File.Exists(audit) ? File.ReadAllLines(audit).Length : 0;
        var clock = Stopwatch.StartNew();
        var run = Recipe(arguments);
        var wall = clock.Elapsed.TotalSeconds;
        if (run.ExitCode != 0)
        {
            rows.Add($"{hosts,5}  {strategy,-26} FAILED (exit {run.ExitCode}): {run.All.Trim().Split('\n')[^1]}");
            return;
        }

        var records = File.ReadAllLines(audit).Skip(mark).Where(l => l.Length > 0).Select(FleetAuditRecord.Parse).ToList();
        var phases = FleetRunFigures.Phases.Select(p => FleetRunFigures.Phase(records, p.Steps)).ToList();
        var uploaded = run.Out.Split('\n').Count(l => l.Contains(": uploaded release "));
        var skipped = run.Out.Split('\n').Count(l => l.Contains(": already holds release "));
        var spread = FleetRunFigures.SwitchSpread(records);
        rows.Add($"{hosts,5}  {strategy,-26} {wall,6:0.0} {spread,7:0.00} {(spread <= 1 ? "met" : "MISSED"),-6} "
                 + string.Join(" ", phases.Select(p => $"{p,-16}")) + $" {uploaded}/{skipped}");
        foreach (var (phase, figures) in FleetRunFigures.Phases.Select(p => p.Phase).Zip(phases))
            Console.WriteLine($"  {phase,-7} hosts {figures.Hosts,2}  median {figures.MedianPerHost:0.00}  slowest {figures.MaxPerHost:0.00}  sum {figures.SumOverHosts:0.00}  span {figures.Span:0.00} s");
    }

    private void Print()
    {
        Console.WriteLine();
        Console.WriteLine($"fleet releases over SSH to loopback hosts (real sshd each; all on this machine's {Environment.ProcessorCount} cores), seconds");
        Console.WriteLine("phases: median host / slowest host / span across the fleet; uploads: releases uploaded/skipped (already on the host)");
        Console.WriteLine($"{"hosts",5}  {"strategy",-26} {"wall",6} {"switch",7} {"<=1s",-6} "
                          + string.Join(" ", FleetRunFigures.Phases.Select(p => $"{p.Phase,-16}")) + " uploads");
        foreach (var row in rows)
            Console.WriteLine(row);
    }

    private static string Artifacts(int release) => $"--artifacts=artifacts/fleet/{release + 1}";

    private ProcessRun Recipe(string[] arguments) =>
        ProcessRun.Start(Path.Combine(root, "build.sh"), arguments, root, timeout: TimeSpan.FromMinutes(15));

    private static void Check(ProcessRun run)
    {
        if (run.ExitCode != 0)
            throw new InvalidOperationException($"build.sh failed ({run.ExitCode}): {run.All}");
    }
}
