using Deploy.Recipes.Releases;
using Deploy.Recipes.Targets;

namespace Deploy.Recipes.Strategies;

/// <summary>
/// Blue-green: the new release starts in the idle slot of every host and is proven there (ready, smoke checks) while
/// customers stay on the live one; if any host fails, no host switches. Then every host switches at once; the new
/// release is watched on every host for the verification window (<see cref="Health.VerificationGate"/>) and, if it
/// fails anywhere or anything goes wrong while it is watched, every host switches back by itself. A SIGINT/SIGTERM
/// before verification passed undoes the deploy the same way and marks it cancelled. After a good switch the old
/// release stays warm for the bake time, so Rollback is a switch, then the edge drains and stops it.
/// </summary>
public sealed class BlueGreenRelease(DeployContext context, IReleaseTarget target, IReadOnlyList<ITargetHost> hosts)
{
    /// <summary>Releases <paramref name="release"/>; re-running with the live release changes nothing.</summary>
    public Task DeployAsync(InstalledRelease release) =>
        new FleetRollout(context, target, hosts).DeployAsync(release, all => [all], context.Settings.VerifyTime, "verify-time");
}
