using System.Reflection;
using System.Runtime.Loader;

namespace Deploy.Recipes.Database.EfCore;

/// <summary>
/// A collectible load context for one release's app folder that shares nothing with the recipe but the .NET runtime
/// itself: EF Core, its provider, Microsoft.Data.Sqlite or Npgsql and their native libraries all come from the release
/// (the recipe's own Microsoft.Data.Sqlite and Npgsql are different copies, in the default context), and the ASP.NET
/// Core shared framework from the installed one. So the app's EF Core 8, 9 or 10 runs, never one of the recipe's.
/// </summary>
internal sealed class EfCoreLoadContext(string entryAssembly) : AssemblyLoadContext($"efcore:{entryAssembly}", isCollectible: true)
{
    private readonly AssemblyDependencyResolver _resolver = new(entryAssembly);
    private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(entryAssembly))!;

    /// <summary>The release's app folder.</summary>
    public string Folder => _folder;

    protected override Assembly? Load(AssemblyName name)
    {
        if (_resolver.ResolveAssemblyToPath(name) is { } path)
            return LoadFromAssemblyPath(path);
        var local = Path.Combine(_folder, name.Name + ".dll");
        if (File.Exists(local))
            return LoadFromAssemblyPath(local);
        // System.* stays with the runtime (null: the default context), the ASP.NET Core framework is loaded here, so
        // a Microsoft.Extensions.* the recipe happens to carry is never mixed with the app's.
        return SharedFramework.FileOf(name) is { } shared ? LoadFromAssemblyPath(shared) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        // The release's own native SQLite (e_sqlite3), not the one the recipe loaded for itself.
        var path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path != null ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}
