using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// Debian's headless Chromium (<c>/usr/bin/chromium</c>), driven over the DevTools protocol on a loopback WebSocket: it
/// opens a page, says what went wrong while it loaded (page exceptions, console and log errors, failed loads, requests
/// for anything but the page itself) and evaluates JavaScript in it. Start one per fixture: it takes about a second.
/// (Microsoft.Playwright would download its own browser, which cannot work here; the protocol needs nothing but the
/// browser.) Disposing ends the browser process it started, by its PID, and removes its profile folder.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly Process _process;
    private readonly TemporaryFolder _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _calls = new();
    private readonly ConcurrentDictionary<string, BrowserPage> _pages = new();
    private readonly SemaphoreSlim _send = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;

    private HeadlessChromium(Process process, TemporaryFolder profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Starts the browser and connects to it.</summary>
    public static async Task<HeadlessChromium> StartAsync()
    {
        var profile = new TemporaryFolder("deploy-chromium-");
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[]
                 {
                     "--headless", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", $"--user-data-dir={profile.Path}",
                     // Root cannot use the sandbox; nothing here is untrusted content.
                     "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--disable-default-apps", "--mute-audio", "about:blank",
                 })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data == null)
                return;
            lock (output)
                output.AppendLine(e.Data);
            var at = e.Data.IndexOf("ws://", StringComparison.Ordinal);
            if (e.Data.StartsWith("DevTools listening on", StringComparison.Ordinal) && at >= 0)
                endpoint.TrySetResult(e.Data[at..].Trim());
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var url = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await browser._socket.ConnectAsync(new Uri(url), CancellationToken.None);
            browser._receiving = Task.Run(browser.ReceiveAsync);
            return browser;
        }
        catch (Exception failure)
        {
            await browser.DisposeAsync();
            string said;
            lock (output)
                said = output.ToString();
            throw new InvalidOperationException($"Chromium did not start its DevTools endpoint: {failure.Message}\n{said}", failure);
        }
    }

    /// <summary>Opens <paramref name="url"/> (a file:// URL, say) in a new tab and waits for its load event.</summary>
    public async Task<BrowserPage> OpenAsync(string url)
    {
        var target = await CallAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" });
        var attached = await CallAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true });
        var session = attached["sessionId"]!.GetValue<string>();
        var page = new BrowserPage(this, session, url);
        _pages[session] = page;
        foreach (var domain in new[] { "Page", "Runtime", "Log", "Network" })
            await CallAsync(domain + ".enable", new JsonObject(), session);
        var navigated = await CallAsync("Page.navigate", new JsonObject { ["url"] = url }, session);
        if (navigated["errorText"] is { } error)
            throw new InvalidOperationException($"Chromium could not open {url}: {error}");
        await page.Loaded.WaitAsync(TimeSpan.FromSeconds(30));
        return page;
    }

    internal async Task<JsonObject> CallAsync(string method, JsonObject parameters, string? session = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[id] = answer;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session != null)
            message["sessionId"] = session;
        await _send.WaitAsync();
        try
        {
            await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _send.Release();
        }

        var reply = await answer.Task.WaitAsync(TimeSpan.FromSeconds(30));
        if (reply["error"] is JsonObject failed)
            throw new InvalidOperationException($"{method} failed: {failed["message"]}");
        return reply["result"] as JsonObject ?? new JsonObject();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _closing.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                    break;
                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                    continue;
                var json = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                if (json["id"] is { } id && _calls.TryRemove(id.GetValue<int>(), out var call))
                    call.TrySetResult(json);
                else if (json["sessionId"]?.GetValue<string>() is { } session && _pages.TryGetValue(session, out var page))
                    page.Observe(json["method"]!.GetValue<string>(), json["params"] as JsonObject ?? new JsonObject());
            }
        }
        catch (Exception) when (_closing.IsCancellationRequested || _socket.State != WebSocketState.Open)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _closing.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await CallAsync("Browser.close", new JsonObject()).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception)
        {
            // Ended below by its PID whatever it answered.
        }

        try
        {
            if (!_process.WaitForExit(5000))
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }

        await _receiving.WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { });
        _socket.Dispose();
        _process.Dispose();
        _profile.Dispose();
    }
}

/// <summary>A page open in <see cref="HeadlessChromium"/>: what went wrong while it loaded, and JavaScript evaluated in it.</summary>
public sealed class BrowserPage
{
    private readonly HeadlessChromium _browser;
    private readonly string _session;
    private readonly string _url;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _errors = [];
    private readonly List<string> _requests = [];

    internal BrowserPage(HeadlessChromium browser, string session, string url)
    {
        _browser = browser;
        _session = session;
        _url = url;
    }

    internal Task Loaded => _loaded.Task;

    /// <summary>Page exceptions, console errors, log errors and failed loads, as Chromium reported them.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
                return _errors.ToList();
        }
    }

    /// <summary>Every URL the page requested (its own included).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
                return _requests.ToList();
        }
    }

    /// <summary>The URLs requested besides the page itself: a self-contained page has none.</summary>
    public IReadOnlyList<string> OtherRequests => Requests.Where(r => r != _url && !r.StartsWith("data:", StringComparison.Ordinal)).ToList();

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value (JSON-serializable results only).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await _browser.CallAsync("Runtime.evaluate",
            new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, _session);
        if (result["exceptionDetails"] is JsonObject thrown)
            throw new InvalidOperationException($"The page threw evaluating {expression}: {thrown.ToJsonString()}");
        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Evaluates <paramref name="expression"/> and deserializes its value as <typeparamref name="T"/>.</summary>
    public async Task<T> EvaluateAsync<T>(string expression) =>
        (await EvaluateAsync(expression)).Deserialize<T>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!;

    internal void Observe(string method, JsonObject parameters)
    {
        switch (method)
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Runtime.exceptionThrown":
                Error($"exception: {(parameters["exceptionDetails"]?.ToJsonString())}");
                break;
            case "Runtime.consoleAPICalled" when parameters["type"]?.GetValue<string>() is "error" or "assert":
                Error($"console.{parameters["type"]}: {(parameters["args"]?.ToJsonString())}");
                break;
            case "Log.entryAdded" when Text(parameters["entry"], "level") == "error":
                Error($"log: {Text(parameters["entry"], "text")} ({Text(parameters["entry"], "url")})");
                break;
            case "Network.loadingFailed":
                Error($"load failed: {parameters["errorText"]} ({parameters["type"]})");
                break;
            case "Network.requestWillBeSent":
                lock (_requests)
                    _requests.Add(parameters["request"]?["url"]?.GetValue<string>() ?? "");
                break;
        }
    }

    private static string? Text(JsonNode? node, string name) => node is JsonObject json && json[name] is { } value ? value.ToString() : null;

    private void Error(string text)
    {
        lock (_errors)
            _errors.Add(text);
    }
}
