using System.Diagnostics;
using Deploy.Recipes.Docker;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Docker;

/// <summary>Each argv element reaches the program whole through Cake's one command-line string.</summary>
public sealed class ArgvArgumentTests
{
    [TestCase("plain")]
    [TestCase("with space")]
    [TestCase("{{index .Config.Labels \"deploy-recipes.app\"}}")]
    [TestCase("trailing\\")]
    [TestCase("back\\\\\"slash")]
    [TestCase("")]
    public void An_element_is_split_back_into_exactly_itself(string element)
    {
        Assert.That(SplitLikeDotNet(new ArgvArgument(element).Render() + " next"), Is.EqualTo(new[] { element, "next" }));
    }

    private static string[] SplitLikeDotNet(string commandLine)
    {
        // .NET splits the one string Cake's runner gives it back into argv; a real child prints what it received.
        var start = new ProcessStartInfo("/usr/bin/printf", "%s\\n " + commandLine) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n')[..^1];
    }
}
