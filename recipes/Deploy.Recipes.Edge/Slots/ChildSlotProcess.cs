using System.ComponentModel;
using System.Diagnostics;
using Deploy.Recipes.Edge.Contract;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>A slot process this edge started: a child, so its exit is reported at once with its exit code.</summary>
internal sealed class ChildSlotProcess(Process process) : SlotProcess
{
    public override int Pid { get; } = process.Id;

    public override long? StartTicks { get; } = ProcessIdentity.StartTicks(process.Id);

    public override bool HasExited => process.HasExited;

    public override int? ExitCode
    {
        get
        {
            try
            {
                return process.HasExited ? process.ExitCode : null;
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }
    }

    public override Task WaitForExitAsync(CancellationToken cancellation) => process.WaitForExitAsync(cancellation);

    public override void KillTree()
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }
}
