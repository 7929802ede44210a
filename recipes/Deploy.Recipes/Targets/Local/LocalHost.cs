using Deploy.Recipes.Containers;
using Deploy.Recipes.Edge.Contract;
using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// This machine as a host of the local target: releases are already where the edge can run them (installed under
/// <c>.deploy/releases</c>), and its edge is <see cref="LocalEdge"/>. An image release's image is pulled into the
/// Docker daemon here (<see cref="DeploySettings.DockerHost"/>).
/// </summary>
internal sealed class LocalHost(LocalEdge edge, EdgeClient? client, string dataDirectory, Uri publicUrl, DeploySettings? settings = null) : ITargetHost
{
    /// <inheritdoc />
    public string Name => LocalTarget.HostName;

    /// <inheritdoc />
    public Uri PublicUrl => client?.PublicUrl ?? publicUrl;

    /// <inheritdoc />
    public ITrafficEdge? Edge => client;

    /// <inheritdoc />
    public string DataDirectory => dataDirectory;

    /// <inheritdoc />
    public EdgeRecovery? LastRecovery => edge.LastRecovery();

    /// <inheritdoc />
    public async Task<InstalledRelease> PlaceAsync(InstalledRelease release, CancellationToken cancel)
    {
        if (release.Manifest.Image is { } image)
            await ImagePull.OnHostAsync(this, image, settings ?? throw new InvalidOperationException("This local host was opened without the recipe's settings: it cannot pull an image."), cancel);
        return release;
    }

    /// <inheritdoc />
    public async Task<string?> ReadDataFileAsync(string name, CancellationToken cancel)
    {
        var file = Path.Combine(dataDirectory, name);
        return File.Exists(file) ? await File.ReadAllTextAsync(file, cancel) : null;
    }

    /// <inheritdoc />
    public async Task WriteDataFileAsync(string name, string text, CancellationToken cancel)
    {
        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, name);
        var aside = $"{file}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllTextAsync(aside, text, cancel);
        File.Move(aside, file, overwrite: true);
    }

    /// <inheritdoc />
    public Task<HostCommandResult> RunAsync(HostCommand command, CancellationToken cancel) => LocalCommand.RunAsync(command, cancel);

    /// <inheritdoc />
    public Task<bool> StopEdgeAsync(TimeSpan timeout) => edge.StopAsync(timeout);

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        client?.Dispose();
        return ValueTask.CompletedTask;
    }
}
