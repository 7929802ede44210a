using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Flags;

/// <summary>One feature flag of the environment as Status shows it.</summary>
/// <param name="Name">The flag's name.</param>
/// <param name="Enabled">False: off for everyone.</param>
/// <param name="Percent">The share of users it is on for while enabled.</param>
/// <param name="Users">Users it is on for while enabled, whatever the share.</param>
/// <param name="State">For people: "off", "on for 10% of users", "on for alice, bob".</param>
/// <param name="DiffersOn">Hosts whose flags file says otherwise than the first host's (one missed a change).</param>
public sealed record FlagStatus(string Name, bool Enabled, int Percent, IReadOnlyList<string> Users, string State, IReadOnlyList<string> DiffersOn)
{
    /// <summary>
    /// The flags of the environment as the first host whose file could be read has them, each with the hosts that
    /// differ; a host that cannot be reached is left out (Status names it unreachable already).
    /// </summary>
    public static async Task<IReadOnlyList<FlagStatus>> ReadAsync(IReadOnlyList<ITargetHost> hosts)
    {
        var documents = (await Task.WhenAll(hosts.Select(async host =>
        {
            try
            {
                return (host.Name, Document: FeatureFlagsDocument.Parse(await host.ReadDataFileAsync(FeatureFlagsFile.Name, CancellationToken.None)));
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or IOException or Renci.SshNet.Common.SshException)
            {
                return (host.Name, Document: (FeatureFlagsDocument?)null);
            }
        }))).Where(d => d.Document != null).ToList();
        if (documents.Count == 0)
            return [];
        return documents[0].Document!.Flags.Select(flag => new FlagStatus(flag.Name, flag.Enabled, flag.Percent, flag.Users, flag.Describe(),
            documents.Skip(1).Where(d => !d.Document!.Read(flag.Name).SameAs(flag)).Select(d => d.Name).ToList())).ToList();
    }
}
