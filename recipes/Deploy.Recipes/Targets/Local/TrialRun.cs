using System.Diagnostics;
using Deploy.Recipes.Health;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// A throwaway run of a release outside the edge: its own process on a free loopback port, against the database it
/// is given (the staging clone, during validation), smoke-checked directly, then stopped. Customers never reach it.
/// </summary>
public static class TrialRun
{
    /// <summary>Starts <paramref name="appDirectory"/>/<paramref name="entryAssembly"/>, waits for readiness, runs the smoke checks, stops it.</summary>
    public static async Task<IReadOnlyList<string>> SmokeAsync(
        string appDirectory, string entryAssembly, string version, IReadOnlyDictionary<string, string> environment,
        ReleaseHealth health, TimeSpan readyTimeout, string logFile)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            WorkingDirectory = appDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(appDirectory, entryAssembly));
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        await using var log = new StreamWriter(logFile, append: false) { AutoFlush = true };
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await WaitReady(process, http, health.ReadyPath, readyTimeout, logFile);
            // The process is reached directly, alone on its port: only the app's own version header, if any, is checked.
            return await SmokeChecks.RunAsync(path => http.GetAsync(path.TrimStart('/')), health.SmokeChecks, new ExpectedRelease(version));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    private static async Task WaitReady(Process process, HttpClient http, string readyPath, TimeSpan timeout, string logFile)
    {
        var clock = Stopwatch.StartNew();
        var last = "no answer yet";
        TimeSpan? notFoundSince = null;
        while (clock.Elapsed < timeout)
        {
            if (process.HasExited)
                throw new ReleaseCheckFailedException(
                    $"The release exited (code {process.ExitCode}) before it was ready on the staging clone. Last lines of {logFile}:\n{LogTail.Read(logFile, 20)}");
            int? status = null;
            try
            {
                using var response = await http.GetAsync(readyPath.TrimStart('/'));
                if (response.IsSuccessStatusCode)
                    return;
                status = (int)response.StatusCode;
                last = $"{status} {ReadinessWait.Short(await response.Content.ReadAsStringAsync())}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            notFoundSince = MissingReadyPath.Streak(notFoundSince, status, clock.Elapsed);
            if (MissingReadyPath.IsMissing(notFoundSince, clock.Elapsed))
                throw new ReleaseCheckFailedException($"{MissingReadyPath.Explain(readyPath, "The release, run on the staging clone,")} Last lines of {logFile}:\n{LogTail.Read(logFile, 10)}");
            await Task.Delay(100);
        }

        throw new ReleaseCheckFailedException(
            $"The release was not ready on the staging clone within {timeout.TotalSeconds:0.#} s (last answer: {last}). Last lines of {logFile}:\n{LogTail.Read(logFile, 20)}");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line == null)
            return;
        lock (log)
            log.WriteLine(line);
    }
}
