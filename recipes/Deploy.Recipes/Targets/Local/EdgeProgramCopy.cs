using Deploy.Recipes.Releases;

namespace Deploy.Recipes.Targets.Local;

/// <summary>
/// The edge runs from a copy named by its content: rebuilding the build program rewrites its output folder, and
/// rewriting the files of a running program can crash it.
/// </summary>
internal static class EdgeProgramCopy
{
    /// <summary>The path of the edge program in its private copy under <paramref name="binaries"/>, copied there first when missing.</summary>
    public static string Ensure(string binaries)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "edge");
        if (!File.Exists(Path.Combine(source, LocalEdgeFiles.EdgeProgram)))
            throw new FileNotFoundException($"The edge program is missing from {source}; rebuild the build program (the Deploy.Recipes package puts it there).");
        var (_, digest) = ReleaseManifest.Digest(source);
        var target = Path.Combine(binaries, digest[..16]);
        if (!Directory.Exists(target))
        {
            var partial = $"{target}.{Environment.ProcessId}.partial";
            Directory.CreateDirectory(partial);
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
            {
                var destination = Path.Combine(partial, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Copy(file, destination);
            }

            try
            {
                Directory.Move(partial, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                Directory.Delete(partial, recursive: true); // another run installed the same copy first
            }
        }

        return Path.Combine(target, LocalEdgeFiles.EdgeProgram);
    }
}
