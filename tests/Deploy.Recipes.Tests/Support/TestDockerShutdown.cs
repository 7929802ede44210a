using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

/// <summary>
/// Ends the run's one Docker daemon and registry (<see cref="TestDocker"/>) after the last test of the whole assembly
/// (outside any namespace, so it wraps every fixture); the test process's exit is the fallback.
/// </summary>
[SetUpFixture]
public sealed class TestDockerShutdown
{
    [OneTimeTearDown]
    public void EndDockerAndRegistry() => TestDocker.Stop();
}
