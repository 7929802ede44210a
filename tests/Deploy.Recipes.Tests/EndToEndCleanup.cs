using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests;

/// <summary>Removes the shared repository copy and the packed local feed after the whole run.</summary>
[SetUpFixture]
public sealed class EndToEndCleanup
{
    [OneTimeTearDown]
    public void RemoveRepositoryCopy()
    {
        LocalFeed.Remove();
        RepositoryCopy.Remove();
    }
}
