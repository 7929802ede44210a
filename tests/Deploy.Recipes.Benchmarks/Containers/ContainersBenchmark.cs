using System.Diagnostics;
using System.Runtime.Versioning;
using Deploy.Recipes.Tests.Support;

namespace Deploy.Recipes.Benchmarks.Containers;

/// <summary>
/// The image as the release artifact, measured on this machine with the test dockerd and registry (started as the
/// tests start them, <see cref="TestDocker"/>): the sample shop built and pushed by both builders (the .NET SDK's
/// container support and samples/Shop/Dockerfile), the image pulled by digest into a daemon that has the base image,
/// then the Deploy wall time of the same app with <c>artifact=folder</c> and with <c>artifact=image</c> (local target,
/// real ./build.sh runs, a first and a second release each, packaged first so the Deploy figure is Deploy alone).
/// </summary>
[SupportedOSPlatform("linux")]
internal static class ContainersBenchmark
{
    public static int Run(string root)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Console.Error.WriteLine("The containers benchmark needs root: it starts its own dockerd.");
            return 1;
        }

        var rows = new List<string>();
        var scratch = Directory.CreateTempSubdirectory("deploy-containers-").FullName;
        try
        {
            Console.WriteLine("starting the test dockerd and registry (the base image is made once and cached) ...");
            var started = Stopwatch.StartNew();
            TestDocker.Ensure();
            rows.Add($"test dockerd + registry + base image ready: {started.Elapsed.TotalSeconds:0.0} s");

            Console.WriteLine("packaging with the SDK builder, then the Dockerfile builder ...");
            var sdk = ImagePackaging.Package(root, "bench-containers/sdk", "bench-sdk-1");
            rows.Add(Packaged("SDK builder", sdk));
            var dockerfile = ImagePackaging.Package(root, "bench-containers/dockerfile", "bench-dockerfile-1", "--dockerfile=samples/Shop/Dockerfile");
            rows.Add(Packaged("Dockerfile builder", dockerfile));
            if (sdk.Manifest?.Image is { } image)
                rows.Add($"pull by digest (base layers present): {ImagePackaging.PullSeconds(image):0.00} s  ({image.Reference})");

            Console.WriteLine("Deploy with artifact=folder, then artifact=image (two releases each) ...");
            var port = FreePort.Next();
            foreach (var (kind, extra) in new[] { ("folder", Array.Empty<string>()), ("image", new[] { "--artifact=image" }) })
            {
                var state = Path.Combine(scratch, kind);
                string[] Deploy(string version) =>
                [
                    "--target=Deploy", "--exclusive", $"--app-version=bench-{kind}-{version}", $"--artifacts=artifacts/bench-containers/deploy-{kind}-{version}",
                    "--environment=local", $"--public-port={port}", $"--state-directory={state}", "--database=", "--watch-time=0", "--verify-time=2",
                    "--app-settings=ConnectionStrings__Shop=Data Source={data}/shop.db;Shop__MigrateOnStartup=true", .. extra,
                ];
                try
                {
                    foreach (var version in new[] { "1", "2" })
                    {
                        // Packaged first, so the Deploy figure is the Deploy alone (--exclusive), the same for both kinds.
                        rows.Add(Measure($"Package artifact={kind}, release {version}", root,
                            ["--target=Package", "--exclusive", $"--app-version=bench-{kind}-{version}", $"--artifacts=artifacts/bench-containers/deploy-{kind}-{version}", .. extra]));
                        rows.Add(Measure($"Deploy artifact={kind}, release {version}", root, Deploy(version)));
                    }
                }
                finally
                {
                    Recipe(root, ["--target=Down", "--force-unlock", "--environment=local", $"--public-port={port}", $"--state-directory={state}", .. extra]);
                }
            }
        }
        finally
        {
            Console.WriteLine();
            foreach (var row in rows)
                Console.WriteLine(row);
            Directory.Delete(scratch, recursive: true);
            Directory.Delete(Path.Combine(root, "artifacts", "bench-containers"), recursive: true);
            TestDocker.Stop();
        }

        return 0;
    }

    private static string Packaged(string builder, ImagePackaging.Packaged packaged) =>
        packaged.Run.ExitCode == 0
            ? $"{builder}: image built and pushed in {packaged.BuildAndPushSeconds:0.00} s (the Package run: {packaged.WallSeconds:0.0} s wall)"
            : $"{builder}: Package failed ({packaged.Run.ExitCode}): {LastLines(packaged.Run.All)}";

    private static string Measure(string what, string root, string[] arguments)
    {
        var watch = Stopwatch.StartNew();
        var run = Recipe(root, arguments);
        var wall = watch.Elapsed.TotalSeconds;
        return run.ExitCode == 0 ? $"{what}: {wall:0.0} s wall (./build.sh --exclusive)" : $"{what}: failed ({run.ExitCode}) after {wall:0.0} s: {LastLines(run.All)}";
    }

    private static ProcessRun Recipe(string root, string[] arguments) =>
        ProcessRun.Start(Path.Combine(root, "build.sh"), arguments, root, new Dictionary<string, string>(TestDocker.RecipeEnvironment()), TimeSpan.FromMinutes(15));

    private static string LastLines(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(4));
}
