namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// Down on this machine: asks the edge to shut down (it drains and stops its slots), ends it by PID if it does not, and
/// ends the slot processes a crashed edge left behind. The recipe only ever ends processes whose PID and command line it
/// recorded.
/// </summary>
internal sealed class LocalEdgeStop(LocalEdgeFiles files, Action<string> report)
{
    /// <summary>Stops the edge and every slot process it runs; true when one was running.</summary>
    public async Task<bool> StopAsync(string token, TimeSpan timeout)
    {
        var endpoint = files.Running();
        if (endpoint == null)
        {
            // A crashed edge's releases may still run: Down ends them, and with the state file gone nothing restarts the edge.
            EndLeftoverSlots();
            if (File.Exists(files.StateFile))
                File.Delete(files.StateFile);
            return false;
        }

        try
        {
            using var client = new EdgeClient(endpoint, token);
            await client.ShutdownAsync();
            if (!EdgeProcessEnd.WaitForExit(endpoint.Pid, timeout))
                throw new TimeoutException($"the edge (PID {endpoint.Pid}) did not exit within {timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is EdgeUnavailableException or TimeoutException or InvalidOperationException)
        {
            report($"The edge did not shut down cleanly ({e.Message}); ending PID {endpoint.Pid} and its slot processes.");
            EdgeProcessEnd.Terminate(endpoint.Pid);
        }

        EndLeftoverSlots();
        File.Delete(files.EndpointFile);
        if (File.Exists(files.StateFile))
            File.Delete(files.StateFile);
        return true;
    }

    private void EndLeftoverSlots()
    {
        foreach (var record in files.SlotProcesses())
        {
            var dll = record.Command.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(a => a.EndsWith(".dll", StringComparison.Ordinal));
            if (dll != null && ProcessIdentity.IsAlive(record.Pid, record.StartTicks) && ProcessIdentity.CommandLine(record.Pid).Contains(dll, StringComparison.Ordinal))
            {
                report($"Ending slot process {record.Pid} ({record.Slot}) left behind by the edge.");
                EdgeProcessEnd.Terminate(record.Pid);
            }
        }
    }
}
