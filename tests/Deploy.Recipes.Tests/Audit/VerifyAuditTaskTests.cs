using Deploy.Recipes.Audit;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Audit;

/// <summary>--target=VerifyAudit through the recipe's host, in-process, on a trail the real <see cref="AuditTrail"/> wrote.</summary>
public sealed class VerifyAuditTaskTests
{
    [Test]
    public void An_intact_trail_exits_zero_and_a_broken_one_exits_non_zero_naming_the_line_without_taking_the_deployment_lock()
    {
        using var repository = new TemporaryFolder("deploy-verify-audit-");
        var file = repository.Combine(".deploy", "audit", "local.jsonl");
        var trail = new AuditTrail(file, "ci", "local");
        for (var i = 0; i < 4; i++)
            trail.Note("Step", "1.0.0", "done", $"note {i}");

        var intact = InProcessRecipe.Run(repository.Path, "--target=VerifyAudit");
        var lines = File.ReadAllLines(file);
        File.WriteAllLines(file, lines.Where((_, i) => i != 1));
        var broken = InProcessRecipe.Run(repository.Path, "--target=VerifyAudit");

        Assert.That(intact.Exit, Is.EqualTo(0), intact.Console.All);
        Assert.That(broken.Exit, Is.EqualTo(1));
        Assert.That(broken.Console.Error, Does.Contain("broken at line 2").And.Contain("Expected sequence 2; found sequence 3"));
        Assert.That(File.Exists(repository.Combine(".deploy", "local", "deploy.lock")), Is.False, "VerifyAudit reads only: no deployment lock");
    }
}
