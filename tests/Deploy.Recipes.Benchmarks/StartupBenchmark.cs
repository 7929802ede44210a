namespace Deploy.Recipes.Benchmarks;

/// <summary>
/// How long a developer waits before the first task starts: the host DLL printing <c>--tree</c>, and
/// <c>./build.sh --tree</c> when the build program is up to date (its staleness check plus the same DLL run).
/// Targets: host ≤ 0.3 s, build.sh up to date ≤ 1.5 s (median).
/// </summary>
internal static class StartupBenchmark
{
    public static int Run(string root, int runs)
    {
        var script = Path.Combine(root, "build.sh");
        var dll = Path.Combine(root, "build", "bin", "Release", "net10.0", "Build.dll");
        WallClock.Time(script, ["--tree"], root, 1); // builds the program if needed; not measured

        var host = WallClock.Time("dotnet", [dll, "--tree"], root, runs);
        var upToDate = WallClock.Time(script, ["--tree"], root, runs);

        Console.WriteLine($"startup, {runs} runs each, seconds     median    p90     min     max   target");
        Print("host DLL --tree", host, 0.3);
        Print("./build.sh --tree (up to date)", upToDate, 1.5);
        return 0;
    }

    private static void Print(string name, List<double> seconds, double target)
    {
        var median = WallClock.Percentile(seconds, 50);
        Console.WriteLine(
            $"{name,-36} {median,7:F3} {WallClock.Percentile(seconds, 90),7:F3} {seconds.Min(),7:F3} {seconds.Max(),7:F3}   <= {target} s {(median <= target ? "met" : "MISSED")}");
    }
}
