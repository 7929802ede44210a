namespace Deploy.Recipes.Edge.Slots;

/// <summary>The <c>dotnet</c> host that runs slot apps: the one running the edge, so apps get the same runtime.</summary>
internal static class DotnetHost
{
    public static string Path { get; } = Resolve();

    private static string Resolve()
    {
        var self = Environment.ProcessPath;
        if (self != null && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;

        // Started through the apphost instead: the runtime's own folder holds the dotnet host.
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT");
        if (!string.IsNullOrEmpty(root) && File.Exists(System.IO.Path.Combine(root, "dotnet")))
            return System.IO.Path.Combine(root, "dotnet");
        return "dotnet";
    }
}
