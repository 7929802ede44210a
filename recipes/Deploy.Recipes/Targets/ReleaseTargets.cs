using Deploy.Recipes.Targets.Local;

namespace Deploy.Recipes.Targets;

/// <summary>Chooses the target an environment's definition names.</summary>
public static class ReleaseTargets
{
    /// <summary>
    /// The SSH target when the environment names hosts (<see cref="Releases.DeployEnvironment.Hosts"/>, or the
    /// <c>hosts</c> setting), else the local target.
    /// </summary>
    public static IReleaseTarget For(DeployContext context) =>
        context.Hosts.Count == 0
            ? new LocalTarget(context)
            : new Ssh.SshTarget(context);
}
