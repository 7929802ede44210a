using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>
/// A real edge process on a free loopback port with its own state folder and token, plus clients for its admin API
/// and its public port. Disposing it ends the edge and every slot process it was seen to start, whatever the test did.
/// </summary>
internal sealed class EdgeUnderTest : IAsyncDisposable
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly StringBuilder _output = new();
    private readonly HashSet<int> _slotPids = [];
    private readonly TemporaryFolder? _ownedState;

    private EdgeUnderTest(Process process, string stateDirectory, string token, int publicPort, TemporaryFolder? ownedState)
    {
        Process = process;
        StateDirectory = stateDirectory;
        Token = token;
        PublicPort = publicPort;
        _ownedState = ownedState;
        Public = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 32 })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{publicPort}/"),
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    public static string EdgeProgram => Path.Combine(AppContext.BaseDirectory, "edge", "Deploy.Recipes.Edge.dll");

    public Process Process { get; }

    public string StateDirectory { get; }

    public string Token { get; }

    public int PublicPort { get; }

    public EdgeEndpoint Endpoint { get; private set; } = null!;

    /// <summary>Admin client with the bearer token.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Customer client on the public port.</summary>
    public HttpClient Public { get; }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public string EndpointFile => Path.Combine(StateDirectory, EdgeFiles.Endpoint);

    /// <summary>Starts an edge in a new temp state folder (removed on dispose), with <paramref name="environment"/> added to its own.</summary>
    public static Task<EdgeUnderTest> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var state = new TemporaryFolder("deploy-edge-test-");
        return StartAsync(state.Path, WriteToken(state.Path), FreePort(), state, environment);
    }

    /// <summary>Starts an edge on an existing state folder (e.g. the one a killed edge left).</summary>
    public static async Task<EdgeUnderTest> StartAsync(string stateDirectory, string token, int publicPort, TemporaryFolder? ownedState = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = Launch(stateDirectory, publicPort, environment: environment);
        var edge = new EdgeUnderTest(process, stateDirectory, token, publicPort, ownedState);
        process.OutputDataReceived += (_, e) => edge.Collect(e.Data);
        process.ErrorDataReceived += (_, e) => edge.Collect(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await edge.WaitForEndpointAsync();
        }
        catch
        {
            await edge.DisposeAsync();
            throw;
        }

        return edge;
    }

    /// <summary>Starts the edge program with the standard arguments, output redirected, without waiting for anything.</summary>
    public static Process Launch(string stateDirectory, int publicPort, string environmentName = "test", IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = stateDirectory,
        };
        foreach (var argument in new[] { EdgeProgram, $"--state={stateDirectory}", $"--environment={environmentName}", $"--public-port={publicPort}" })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        return Process.Start(start)!;
    }

    public static string DotnetHost => Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    /// <summary>Writes a random owner-only token as the recipe does; returns it.</summary>
    public static string WriteToken(string stateDirectory)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var path = Path.Combine(stateDirectory, EdgeFiles.Token);
        File.WriteAllText(path, token + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return token;
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts the sample shop in a slot, reporting <paramref name="version"/>, and waits until it is running.</summary>
    public async Task<SlotState> StartRunningSlotAsync(string slot, string version)
    {
        await StartSlotAsync(slot, version);
        return await WaitForSlotAsync(slot, SlotStatus.Running);
    }

    /// <summary>PUT /admin/slots/{slot} with the sample shop; remembers the PID so teardown can end it.</summary>
    public Task<SlotState> StartSlotAsync(string slot, string version) =>
        StartSlotAsync(slot, new StartSlot($"r-{version}", version, SampleShop.Directory, "Shop.dll",
            new Dictionary<string, string>
            {
                ["Shop__Version"] = version,
                // The shop's database lives with this edge's state, never in the shop's build output.
                ["ConnectionStrings__Shop"] = $"Data Source={Path.Combine(StateDirectory, "shop.db")}",
            }));

    /// <summary>PUT /admin/slots/{slot} with any app; remembers the PID.</summary>
    public async Task<SlotState> StartSlotAsync(string slot, StartSlot request)
    {
        using var response = await Admin.PutAsJsonAsync($"admin/slots/{slot}", request, Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        var state = (await response.Content.ReadFromJsonAsync<SlotState>(Json))!;
        lock (_slotPids)
            _slotPids.Add(state.Pid!.Value);
        return state;
    }

    public async Task<SlotState> WaitForSlotAsync(string slot, SlotStatus status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var state = (await StateAsync()).Slots.Single(s => s.Name == slot);
            if (state.Status == status)
                return state;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"slot {slot} did not become {status}; it is {state.Status}\n{Output}");
            await Task.Delay(50);
        }
    }

    public async Task<EdgeState> StateAsync() => (await Admin.GetFromJsonAsync<EdgeState>("admin/state", Json))!;

    public async Task<EdgeMetrics> MetricsAsync() => (await Admin.GetFromJsonAsync<EdgeMetrics>("admin/metrics", Json))!;

    /// <summary>PUT /admin/traffic; returns the response (the caller asserts on it).</summary>
    public Task<HttpResponseMessage> PutTrafficAsync(int blue, int green, string? canary = null) =>
        Admin.PutAsJsonAsync("admin/traffic", new Traffic(new Dictionary<string, int> { ["blue"] = blue, ["green"] = green }, canary), Json);

    public async Task SetTrafficAsync(int blue, int green, string? canary = null)
    {
        using var response = await PutTrafficAsync(blue, green, canary);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    public async Task SetMaintenanceAsync(Maintenance maintenance)
    {
        using var response = await Admin.PutAsJsonAsync("admin/maintenance", maintenance, Json);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
    }

    /// <summary>A request through the public port with the operator headers.</summary>
    public Task<HttpResponseMessage> OperatorGetAsync(string slot, string path, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(EdgeFiles.OperatorHeader, token ?? Token);
        request.Headers.Add(EdgeFiles.SlotHeader, slot);
        return Public.SendAsync(request);
    }

    /// <summary>Waits for the edge process to end; its exit code, or null if it still runs.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await Process.WaitForExitAsync(limit.Token);
            return Process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The slot PIDs this edge was seen to start.</summary>
    public IReadOnlyList<int> SlotPids
    {
        get
        {
            lock (_slotPids)
                return _slotPids.ToList();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        Public.Dispose();
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            await Process.WaitForExitAsync();
        }

        // Slot processes survive an edge that was killed: end those this edge started, and those its state lists,
        // but only when their command line shows they are the sample shop.
        var pids = SlotPids.Concat(RecordedSlotPids()).Distinct().ToList();
        foreach (var pid in pids.Where(pid => ProcessProbe.IsAlive(pid) && ProcessProbe.CommandLine(pid).Contains("Shop.dll", StringComparison.Ordinal)))
        {
            try
            {
                using var slot = System.Diagnostics.Process.GetProcessById(pid);
                slot.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        foreach (var pid in pids)
            await ProcessProbe.WaitUntilGoneAsync(pid, TimeSpan.FromSeconds(5));

        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            await TestContext.Out.WriteLineAsync($"edge output:\n{Output}");
        Process.Dispose();
        _ownedState?.Dispose();
    }

    private IEnumerable<int> RecordedSlotPids()
    {
        var file = Path.Combine(StateDirectory, EdgeFiles.SlotProcesses);
        try
        {
            return File.Exists(file) ? JsonSerializer.Deserialize<List<SlotProcessRecord>>(File.ReadAllText(file), Json)!.Select(r => r.Pid).ToList() : [];
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return [];
        }
    }

    private async Task WaitForEndpointAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (File.Exists(EndpointFile))
            {
                try
                {
                    Endpoint = JsonSerializer.Deserialize<EdgeEndpoint>(await File.ReadAllTextAsync(EndpointFile), Json)!;
                    if (Endpoint.Pid == Process.Id)
                        break;
                }
                catch (JsonException)
                {
                    // Only possible if the write were not atomic; read again.
                }
            }

            if (Process.HasExited)
                throw new InvalidOperationException($"the edge exited with {Process.ExitCode} before writing edge.json:\n{Output}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the edge wrote no edge.json within 30 s:\n{Output}");
            await Task.Delay(25);
        }

        Admin = new HttpClient(new SocketsHttpHandler { UseProxy = false })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{Endpoint.AdminPort}/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    private void Collect(string? line)
    {
        if (line == null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }
}
