using Microsoft.Extensions.Hosting;

namespace Deploy.Recipes.Edge.Hosting;

/// <summary>
/// Replaces the console lifetime of both web hosts: they must not stop on SIGTERM by themselves, because the slots
/// have to be drained and stopped first. <see cref="EdgeShutdown"/> decides when they stop.
/// </summary>
internal sealed class ManualHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
