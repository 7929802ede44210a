using System.Text.Json.Nodes;
using Deploy.Recipes.Flags;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Flags;

public sealed class FeatureFlagsDocumentTests
{
    [Test]
    public void No_file_is_an_empty_document_where_every_flag_is_off()
    {
        var document = FeatureFlagsDocument.Parse(null);

        Assert.That(document.Flags, Is.Empty);
        Assert.That(document.Read("Recommendations"), Is.EqualTo(FlagState.Absent("Recommendations")));
    }

    [Test]
    public void A_written_flag_reads_back_the_same()
    {
        var flag = new FlagState("Recommendations", true, 10, ["alice", "bob"]);

        var text = FeatureFlagsDocument.Parse(null).With(flag);

        Assert.That(FeatureFlagsDocument.Parse(text).Read("Recommendations").SameAs(flag), Is.True);
    }

    [Test]
    public void The_written_flag_is_in_the_shape_Microsoft_FeatureManagement_reads()
    {
        var text = FeatureFlagsDocument.Parse(null).With(new FlagState("Recommendations", true, 10, ["alice"]));

        var flag = JsonNode.Parse(text)!["feature_management"]!["feature_flags"]![0]!;
        Assert.That(flag["id"]!.GetValue<string>(), Is.EqualTo("Recommendations"));
        Assert.That(flag["enabled"]!.GetValue<bool>(), Is.True);
        var filter = flag["conditions"]!["client_filters"]![0]!;
        Assert.That(filter["name"]!.GetValue<string>(), Is.EqualTo("Microsoft.Targeting"));
        Assert.That(filter["parameters"]!["Audience"]!["DefaultRolloutPercentage"]!.GetValue<int>(), Is.EqualTo(10));
        Assert.That(filter["parameters"]!["Audience"]!["Users"]![0]!.GetValue<string>(), Is.EqualTo("alice"));
    }

    [Test]
    public void Changing_one_flag_leaves_the_others_as_they_were()
    {
        var text = FeatureFlagsDocument.Parse(null).With(new FlagState("Other", true, 30, []));

        var changed = FeatureFlagsDocument.Parse(FeatureFlagsDocument.Parse(text).With(new FlagState("Recommendations", true, 10, [])));

        Assert.That(changed.Flags.Select(f => f.Name), Is.EqualTo(new[] { "Other", "Recommendations" }));
        Assert.That(changed.Read("Other"), Is.EqualTo(new FlagState("Other", true, 30, [])).Using<FlagState>((a, b) => a.SameAs(b)));
    }

    [Test]
    public void Writing_a_flag_again_replaces_it_instead_of_adding_a_second()
    {
        var once = FeatureFlagsDocument.Parse(null).With(new FlagState("Recommendations", true, 10, []));

        var twice = FeatureFlagsDocument.Parse(FeatureFlagsDocument.Parse(once).With(new FlagState("Recommendations", false, 10, [])));

        Assert.That(twice.Flags, Has.Count.EqualTo(1));
        Assert.That(twice.Read("Recommendations").Enabled, Is.False);
    }

    [Test]
    public void An_enabled_flag_without_filters_is_on_for_everyone()
    {
        var document = FeatureFlagsDocument.Parse("""{"feature_management":{"feature_flags":[{"id":"Recommendations","enabled":true}]}}""");

        Assert.That(document.Read("Recommendations").Describe(), Is.EqualTo("on for everyone"));
    }

    [TestCase("{not json", "not valid JSON")]
    [TestCase("[1,2]", "not a JSON object")]
    [TestCase("""{"feature_management":{"feature_flags":{}}}""", "'feature_management.feature_flags' is not an array")]
    public void A_file_that_is_not_a_flags_document_is_refused_saying_why(string text, string why)
    {
        Assert.That(Assert.Throws<FormatException>(() => FeatureFlagsDocument.Parse(text))!.Message, Does.Contain(why));
    }
}
