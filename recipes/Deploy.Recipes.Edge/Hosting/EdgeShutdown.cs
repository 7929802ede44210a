using System.Runtime.InteropServices;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// The one way the edge ends: POST /admin/shutdown, SIGTERM or SIGINT all request the same orderly shutdown (drain,
/// stop every slot, delete edge.json, exit 0). The signals are taken from the runtime so they do not just end the process.
/// </summary>
internal sealed class EdgeShutdown : IDisposable
{
    private readonly TaskCompletionSource<string> _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _signals;

    public EdgeShutdown()
    {
        _signals =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        ];
    }

    /// <summary>Completes with the reason once a shutdown is requested.</summary>
    public Task<string> Requested => _requested.Task;

    public void Request(string reason) => _requested.TrySetResult(reason);

    public void Dispose()
    {
        foreach (var signal in _signals)
            signal.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // the shutdown below ends the process, after the slots
        Request(context.Signal.ToString());
    }
}
