using System.Diagnostics;

namespace Deploy.Recipes.Benchmarks;

/// <summary>Times whole commands over repeated runs and summarises them as percentiles.</summary>
internal static class WallClock
{
    public static List<double> Time(string file, string[] arguments, string workingDirectory, int runs)
    {
        var seconds = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument);
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            clock.Stop();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {error}");
            seconds.Add(clock.Elapsed.TotalSeconds);
        }

        return seconds;
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        var rank = p / 100 * (sorted.Count - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
