using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Containers;

/// <summary>A release container behind a slot, as Status shows it: where, which container, which image, how it stands.</summary>
/// <param name="Host">The host it runs on.</param>
/// <param name="Slot">The slot that routes to it.</param>
/// <param name="Name">The container's name.</param>
/// <param name="Id">Its short id, or null when Docker has no such container.</param>
/// <param name="Image">The image it was run from, by digest.</param>
/// <param name="State">Its state and health (<c>running healthy</c>, <c>exited (code 1)</c>), <c>missing</c>, or why it could not be read.</param>
public sealed record ContainerStatus(string Host, string Slot, string Name, string? Id, string? Image, string State)
{
    /// <summary>Inspects the container behind every slot that has one, on every host whose edge answers.</summary>
    public static async Task<IReadOnlyList<ContainerStatus>> ReadAsync(IReadOnlyList<ITargetHost> hosts, IReadOnlyList<HostStatus> statuses, string dockerHost)
    {
        var read = new List<ContainerStatus>();
        foreach (var (host, status) in hosts.Zip(statuses))
        {
            foreach (var slot in status.Slots.Where(s => s.Backend != null))
            {
                try
                {
                    var inspection = await ContainerInspection.ReadAsync(host, dockerHost, slot.Backend!, CancellationToken.None);
                    read.Add(inspection == null
                        ? new ContainerStatus(host.Name, slot.Name, slot.Backend!, null, null, "missing")
                        : new ContainerStatus(host.Name, slot.Name, slot.Backend!, inspection.ShortId, inspection.Image, inspection.Describe()));
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException)
                {
                    read.Add(new ContainerStatus(host.Name, slot.Name, slot.Backend!, null, null, $"unknown: {e.Message}"));
                }
            }
        }
        return read;
    }

    /// <summary>One line of Status's text.</summary>
    public string Describe(bool withHost) =>
        $"Container    {(withHost ? Host + " " : "")}{Slot,-7} {Name}  {(Id == null ? "" : $"id {Id}  ")}{State}{(Image == null ? "" : $"  image {Image}")}";
}
