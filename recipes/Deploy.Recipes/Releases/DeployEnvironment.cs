namespace Deploy.Recipes.Releases;

/// <summary>One place releases go to. On the local target: an edge on <see cref="PublicPort"/> of 127.0.0.1.</summary>
public sealed class DeployEnvironment
{
    /// <summary>The port customers reach the environment on (127.0.0.1 only).</summary>
    public int PublicPort { get; set; }
}
