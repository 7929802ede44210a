namespace Deploy.Recipes.Docker;

/// <summary><c>docker tag</c>: another name for an image.</summary>
public sealed class DockerTagSettings : DockerSettings;
