using System.Globalization;
using Deploy.Recipes.Benchmarks.Faults;

namespace Deploy.Recipes.Benchmarks.BlastRadius;

/// <summary>
/// The payment-timeout release (500 ms timeout against 600 ms provider latency: every checkout it serves fails) is
/// deployed under the same checkout load twice, through ./build.sh as a user runs it: blue-green (every customer switched
/// at once, switched back when the post-switch verification fails) and canary at 5% (default analysis interval; aborted
/// at once on the first failing verdict). Prints, for each, failed checkouts and the time from the first failed
/// checkout to the last (customers back on the stable release), and the ratios.
/// Goals: canary failed checkouts at most 10% of blue-green's; canary detection within 10 s.
/// </summary>
internal static class BlastRadiusBenchmark
{
    private const int CheckoutsPerSecond = 100;
    private const string PaymentTimeout = "--app-settings=ConnectionStrings__Shop={database};Shop__MigrateOnStartup=false;Payment__LatencyMs=600;Shop__PaymentTimeoutMs=500";

    public static int Run(string root)
    {
        var scratch = Directory.CreateTempSubdirectory("deploy-blast-").FullName;
        var port = ReferenceProxy.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        string[] Environment(params string[] args) =>
            [.. args, "--environment=local", $"--public-port={port}", $"--state-directory={Path.Combine(scratch, "state")}"];
        (int ExitCode, string Output) Recipe(params string[] args) => RecipeRun.Start(root, Environment(args)).Wait();
        try
        {
            Console.WriteLine("packaging two releases of the sample shop ...");
            foreach (var (version, more) in new[] { ("blast-1", Array.Empty<string>()), ("blast-2", new[] { "--exclusive" }) })
                OrThrow(Recipe(["--target=Package", .. more, $"--app-version={version}", $"--artifacts=artifacts/blast/{version}"]));
            OrThrow(Recipe("--target=Deploy", "--prebuilt", "--artifacts=artifacts/blast/blast-1", "--verify-time=1"));

            var blueGreen = Measure(url, "blue-green", () => Recipe("--target=Deploy", "--prebuilt", "--artifacts=artifacts/blast/blast-2", PaymentTimeout));
            var canary = Measure(url, "canary 5%", () => Recipe("--target=Deploy", "--prebuilt", "--artifacts=artifacts/blast/blast-2", PaymentTimeout,
                "--strategy=canary", "--canary-steps=5%:1m,25%:2m,50%:2m"));

            Console.WriteLine();
            Console.WriteLine($"blast radius of the payment-timeout release ({CheckoutsPerSecond} customers a second checking out; default verify-time and analysis-interval)");
            Console.WriteLine($"{"strategy",-12} {"checkouts",10} {"failed",8} {"first failure -> back on stable",32}  deploy said");
            foreach (var row in new[] { blueGreen, canary })
                Console.WriteLine($"{row.Strategy,-12} {row.Requests,10} {row.Failed,8} {Seconds(row.FailingFor),32}  {row.Said}");
            var ratio = blueGreen.Failed == 0 ? double.NaN : (double)canary.Failed / blueGreen.Failed;
            Console.WriteLine($"canary failed checkouts / blue-green's: {ratio.ToString("P1", CultureInfo.InvariantCulture)} (goal <= 10%)");
            Console.WriteLine($"canary first failure -> back on stable: {Seconds(canary.FailingFor)} (goal <= 10 s)");
            return 0;
        }
        finally
        {
            Recipe("--target=Down");
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static Row Measure(Uri url, string strategy, Func<(int ExitCode, string Output)> deploy)
    {
        Console.WriteLine($"{strategy}: deploying the payment-timeout release under checkout load ...");
        var timeline = new CheckoutTimeline(url, CheckoutsPerSecond);
        Thread.Sleep(2000);
        var (exit, output) = deploy();
        Thread.Sleep(2000);
        timeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
        var said = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault(l => l.StartsWith("Error:")) ?? $"exit {exit}";
        return new Row(strategy, timeline.Requests, timeline.Failed, timeline.FailingFor, said.Length > 160 ? said[..160] + " ..." : said);
    }

    private static string Seconds(TimeSpan? span) => span is { } s ? s.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "no failure";

    private static void OrThrow((int ExitCode, string Output) run)
    {
        if (run.ExitCode != 0)
            throw new InvalidOperationException("./build.sh failed:\n" + run.Output);
    }

    private sealed record Row(string Strategy, long Requests, int Failed, TimeSpan? FailingFor, string Said);
}
