using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// A release started outside the edge, as the recipe starts a container: tests/HeaderEcho on a port this test chose,
/// started and ended by the test (by its own child's PID), handed to the edge as a <see cref="SlotBackend"/> whose stop
/// command appends a line to a marker file (with a variable from <see cref="SlotBackend.CommandEnvironment"/>) and then
/// signals the app, and whose log command tails a file of ten known lines.
/// </summary>
internal sealed class OutsideRelease : IDisposable
{
    /// <summary>The variable the stop command writes into the marker: proves the command environment reaches it.</summary>
    public const string MarkVariable = "DEPLOY_TEST_STOP_MARK";

    private readonly TemporaryFolder _folder = new("deploy-outside-release-");
    private Process? _process;

    public OutsideRelease(string name)
    {
        Name = name;
        Port = EdgeUnderTest.FreePort();
        File.WriteAllLines(LogFile, Enumerable.Range(1, 10).Select(i => $"{name} log line {i}"));
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>What the log command reads: ten lines "NAME log line 1" .. "NAME log line 10".</summary>
    public string LogFile => _folder.Combine("log.txt");

    /// <summary>One line per run of the stop command.</summary>
    public string StopMarker => _folder.Combine("stopped.txt");

    // What the stop command signals: written at start, so the backend can be handed to the edge before the app runs.
    private string PidFile => _folder.Combine("pid");

    public int Pid => _process?.Id ?? throw new InvalidOperationException("not started");

    /// <summary>The lines the stop command wrote so far (one per run).</summary>
    public IReadOnlyList<string> StopRuns => File.Exists(StopMarker) ? File.ReadAllLines(StopMarker) : [];

    /// <summary>The app's own output, for failure messages.</summary>
    public string AppOutput => File.Exists(_folder.Combine("app.log")) ? File.ReadAllText(_folder.Combine("app.log")) : "";

    /// <summary>Starts the app on <see cref="Port"/> (its output to a file of its own); returns at once.</summary>
    public OutsideRelease Start()
    {
        var start = new ProcessStartInfo("/bin/sh") { WorkingDirectory = HeaderEchoApp.Directory };
        foreach (var argument in new[] { "-c", "log=$1; shift; exec \"$@\" >>\"$log\" 2>&1 </dev/null", "sh", _folder.Combine("app.log"),
                     EdgeUnderTest.DotnetHost, Path.Combine(HeaderEchoApp.Directory, "HeaderEcho.dll") })
            start.ArgumentList.Add(argument);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{Port}";
        _process = Process.Start(start)!;
        File.WriteAllText(PidFile, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return this;
    }

    /// <summary>The backend the edge is handed; <paramref name="logCommand"/> replaces the tail of <see cref="LogFile"/>.</summary>
    public SlotBackend Backend(IReadOnlyList<string>? logCommand = null) =>
        new(Port, Name,
            ["/bin/sh", "-c", $"echo \"stopped ${MarkVariable}\" >>\"$0\"; kill \"$(cat \"$1\")\"", StopMarker, PidFile],
            logCommand ?? ["tail", "-n", SlotBackendCheck.LinesPlaceholder, LogFile],
            new Dictionary<string, string> { [MarkVariable] = "by-the-edge" });

    /// <summary>The body of PUT /admin/slots/{slot} for this release.</summary>
    public StartSlot Request(string release, string version, IReadOnlyList<string>? logCommand = null) =>
        new(release, version, "", "", new Dictionary<string, string>(), Backend(logCommand));

    /// <summary>Ends the app as a crash would (SIGKILL), without the edge: the test's own child.</summary>
    public void Crash()
    {
        // Another process may have taken the port between its choice and the app's start: then the app is gone already.
        if (!IsRunning)
            throw new InvalidOperationException($"{Name} is not running, so it cannot crash; its output:\n{AppOutput}");
        _process!.Kill();
        _process.WaitForExit();
    }

    /// <summary>Whether the app still runs (a zombie counts as ended).</summary>
    public bool IsRunning => _process != null && ProcessProbe.IsAlive(_process.Id);

    public Task<bool> WaitUntilGoneAsync() => _process == null ? Task.FromResult(true) : ProcessProbe.WaitUntilGoneAsync(_process.Id, TimeSpan.FromSeconds(20));

    public void Dispose()
    {
        if (_process is { HasExited: false })
            _process.Kill();
        _process?.Dispose();
        _folder.Dispose();
    }
}
