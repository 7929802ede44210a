using System.Text.Json;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Edge.Hosting;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// <c>slot-processes.json</c>: the slot processes this edge started and that may still run. If the edge is killed
/// (SIGKILL, OOM), its successor reads it to end the processes left behind.
/// </summary>
internal sealed class SlotProcessRegistry(string stateDirectory)
{
    private readonly Lock _write = new();

    private string FilePath => Path.Combine(stateDirectory, EdgeFiles.SlotProcesses);

    public IReadOnlyList<SlotProcessRecord> Load()
    {
        if (!File.Exists(FilePath))
            return [];
        try
        {
            return JsonSerializer.Deserialize<List<SlotProcessRecord>>(File.ReadAllText(FilePath), EdgeJson.Files) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public void Save(IReadOnlyList<SlotProcessRecord> records)
    {
        lock (_write)
            AtomicFile.WriteJson(FilePath, records, EdgeJson.Files);
    }
}
