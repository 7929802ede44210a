using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Routing;
using Microsoft.Extensions.Logging;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// <c>edge-state.json</c>: the edge's heartbeat and maintenance mode, rewritten every second and on every change.
/// An orderly exit deletes it, so a file whose edge is gone tells the recipe (and the next edge) that the edge died,
/// and its heartbeat says when it was last seen alive.
/// </summary>
internal sealed class EdgeStateFile(EdgeArguments arguments, MaintenanceMode maintenance, ILogger<EdgeStateFile> log)
{
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _write = new();
    private DateTimeOffset _startedUtc;
    private EdgeRecovery? _recovered;
    private bool _serving;

    private string FilePath => Path.Combine(arguments.StateDirectory, EdgeFiles.State);

    /// <summary>The file as the previous edge left it, if any.</summary>
    public EdgeSavedState? Load()
    {
        try
        {
            return File.Exists(FilePath) ? JsonSerializer.Deserialize<EdgeSavedState>(File.ReadAllText(FilePath), EdgeJson.Files) : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            log.LogWarning("Could not read {File} left by the previous edge: {Message}", EdgeFiles.State, e.Message);
            return null;
        }
    }

    /// <summary>From now on this edge serves: its state is written (and kept written by <see cref="HeartbeatAsync"/>).</summary>
    public void BeginServing(DateTimeOffset startedUtc, EdgeRecovery? recovered)
    {
        lock (_write)
        {
            _startedUtc = startedUtc;
            _recovered = recovered;
            _serving = true;
        }

        Save();
    }

    /// <summary>Rewrites the file with the current maintenance mode and a fresh heartbeat.</summary>
    public void Save()
    {
        lock (_write)
        {
            if (!_serving)
                return;
            try
            {
                AtomicFile.WriteJson(FilePath, new EdgeSavedState(Environment.ProcessId, arguments.PublicPort, _startedUtc, DateTimeOffset.UtcNow,
                    maintenance.Current, _recovered), EdgeJson.Files);
            }
            catch (IOException e)
            {
                log.LogWarning("Could not write {File}: {Message}", EdgeFiles.State, e.Message);
            }
        }
    }

    public async Task HeartbeatAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
                Save();
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the file is deleted once every slot has stopped.
        }
    }

    /// <summary>An orderly exit: no edge serves, and none crashed.</summary>
    public void Delete()
    {
        lock (_write)
        {
            _serving = false;
            File.Delete(FilePath);
        }
    }
}
