using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Rolling: the hosts are released in waves of <c>batch-size</c> (<see cref="WavePlan"/>), each wave started, proven,
/// switched and verified for <c>wave-verify-time</c> before the next starts. A failing wave stops the rollout and
/// switches the hosts of that wave and of every earlier wave back to the previous release; the command fails naming
/// the failing hosts. On the local target (one host) it is one wave.
/// </summary>
public sealed class RollingRelease(DeployContext context, IReleaseTarget target, IReadOnlyList<ITargetHost> hosts)
{
    /// <summary>Releases <paramref name="release"/> wave by wave; re-running with the live release changes nothing.</summary>
    public Task DeployAsync(InstalledRelease release) =>
        new FleetRollout(context, target, hosts).DeployAsync(release, all => WavePlan.Split(all, context.Settings.BatchSize), context.Settings.WaveVerifyTime, "wave-verify-time");
}
