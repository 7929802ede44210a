namespace Deploy.Recipes.Benchmarks;

internal static class Repository
{
    public static string Root()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder != null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Deploy.Recipes.sln")))
                return folder.FullName;
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository (Deploy.Recipes.sln not found).");
    }
}
