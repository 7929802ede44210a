using System.Diagnostics;
using System.Text;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A real Prometheus server (Debian's <c>prometheus</c>) on a free loopback port, scraping edges' admin <c>/metrics</c>
/// every second with their bearer token file, its data in a temp folder. Only the process this class started is ever
/// stopped, by its PID; Debian's own service is never touched. <see cref="StopAsync"/> and <see cref="StartAsync()"/>
/// let a test take the server away and bring it back on the same port and data.
/// </summary>
internal sealed class LoopbackPrometheus : IAsyncDisposable
{
    /// <summary>How often the edges are scraped.</summary>
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(1);

    private readonly TemporaryFolder _folder = new("deploy-prometheus-");
    private readonly StringBuilder _output = new();
    private Process? _process;

    private LoopbackPrometheus(IReadOnlyList<(int AdminPort, string TokenFile)> edges)
    {
        Port = FreePort.Next();
        var jobs = edges.Select((edge, i) => $"""
              - job_name: edge{i}
                scrape_interval: 1s
                scrape_timeout: 1s
                metrics_path: /metrics
                authorization:
                  type: Bearer
                  credentials_file: {edge.TokenFile}
                static_configs:
                  - targets: ['127.0.0.1:{edge.AdminPort}']
            """);
        File.WriteAllText(ConfigFile, $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            scrape_configs:
            {string.Join("\n", jobs)}
            """);
    }

    /// <summary>The server's base URL (a secret in the recipe's settings).</summary>
    public Uri Url => new($"http://127.0.0.1:{Port}/");

    public int Port { get; }

    public bool Running => _process is { HasExited: false };

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    private string ConfigFile => _folder.Combine("prometheus.yml");

    /// <summary>True when Debian's prometheus binary is installed (test.sh installs it).</summary>
    public static bool Installed => File.Exists("/usr/bin/prometheus");

    /// <summary>Starts a server scraping the edges whose admin ports and token files are given, and waits until it is ready.</summary>
    public static async Task<LoopbackPrometheus> StartAsync(params (int AdminPort, string TokenFile)[] edges)
    {
        var prometheus = new LoopbackPrometheus(edges);
        try
        {
            await prometheus.StartAsync();
        }
        catch
        {
            await prometheus.DisposeAsync();
            throw;
        }

        return prometheus;
    }

    /// <summary>Starts the server (again) and waits for <c>/-/ready</c>.</summary>
    public async Task StartAsync()
    {
        var start = new ProcessStartInfo("/usr/bin/prometheus") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     $"--config.file={ConfigFile}", $"--storage.tsdb.path={_folder.Combine("data")}",
                     $"--web.listen-address=127.0.0.1:{Port}", "--log.level=warn",
                 })
            start.ArgumentList.Add(argument);
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"prometheus exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var ready = await http.GetAsync(new Uri(Url, "-/ready"));
                if (ready.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"prometheus was not ready within 30 s:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Stops the server this instance started (by its PID) and waits until it is gone.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
            return;
        if (!process.HasExited)
        {
            process.Kill();
            await process.WaitForExitAsync();
        }

        process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder.Dispose();
    }

    private void Collect(string? line)
    {
        if (line == null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
