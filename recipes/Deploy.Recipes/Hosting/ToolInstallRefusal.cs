using Cake.Core.IO;
using Cake.Core.Packaging;
using Cake.Core.Tooling;

namespace Deploy.Recipes.Hosting;

/// <summary>
/// The host does not install tools from package sources at run time (Cake's NuGet installer is not available here);
/// tools come from PATH or the repository's own restore. Asking for one fails with a message saying so.
/// </summary>
internal sealed class ToolInstallRefusal : IToolInstaller
{
    public IEnumerable<FilePath> Install(PackageReference tool) =>
        throw new InvalidOperationException(
            $"Installing the tool '{tool.Package}' at run time is not supported by the recipe host. " +
            "Put the tool on PATH or restore it with 'dotnet tool restore' before the build.");
}
