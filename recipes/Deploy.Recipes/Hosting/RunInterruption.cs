using System.Runtime.InteropServices;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// Turns SIGINT and SIGTERM (a CI job being cancelled, Ctrl+C) into a request to stop cleanly instead of an abrupt end,
/// so a run can undo what is half-done and release its lock. The first signal is taken from the runtime and cancels
/// <see cref="Token"/>: work that watches it (a deploy before its release is verified) undoes itself and fails, and no
/// further task starts. A second signal is left to the runtime, which ends the process at once.
/// Signals belong to the process, so the current run's token is reachable from anywhere as a static.
/// </summary>
public sealed class RunInterruption : IDisposable
{
    private static RunInterruption? s_current;
    private readonly CancellationTokenSource _requested = new();
    private readonly PosixSignalRegistration[] _registrations;
    private string? _signal;

    private RunInterruption()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled once the current run received SIGINT or SIGTERM; never cancelled outside a run.</summary>
    public static CancellationToken Token => Volatile.Read(ref s_current)?._requested.Token ?? CancellationToken.None;

    /// <summary>The signal that interrupted the current run (<c>SIGTERM</c>, <c>SIGINT</c>), or null.</summary>
    public static string? Signal => Volatile.Read(ref s_current)?._signal;

    /// <summary>Listens for the signals until disposed; the run's tasks see them through <see cref="Token"/>.</summary>
    internal static RunInterruption Listen()
    {
        var listening = new RunInterruption();
        Volatile.Write(ref s_current, listening);
        return listening;
    }

    /// <summary>Acts as if <paramref name="signal"/> had arrived (the signal handler's work, callable from tests).</summary>
    internal bool Request(string signal)
    {
        if (Interlocked.CompareExchange(ref _signal, signal, null) != null)
            return false;
        // Off the signal thread: cancellation callbacks run synchronously and may do real work.
        _ = Task.Run(_requested.Cancel);
        return true;
    }

    /// <summary>Throws <see cref="RunInterruptedException"/> when a signal arrived; <paramref name="what"/> says what it stopped.</summary>
    internal void ThrowIfInterrupted(string what)
    {
        if (_signal != null)
            throw new RunInterruptedException($"Interrupted by {_signal}: {what}.");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        Interlocked.CompareExchange(ref s_current, null, this);
    }

    private void OnSignal(PosixSignalContext context)
    {
        // The first signal asks for a clean stop; a second one gets the runtime's default: the process ends now.
        if (Request(context.Signal.ToString().ToUpperInvariant()))
            context.Cancel = true;
    }
}

/// <summary>The run stopped because it received SIGINT or SIGTERM; the message says what was undone or kept.</summary>
public sealed class RunInterruptedException(string message) : OperationCanceledException(message);
