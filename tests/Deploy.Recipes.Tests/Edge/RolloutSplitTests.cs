using Deploy.Recipes.Edge.Contract;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Edge;

/// <summary>The sticky split of a canary: a rollout cookie's bucket and where a bucket goes at a weight.</summary>
[TestFixture]
public sealed class RolloutSplitTests
{
    [TestCase("a", 20)] // FNV-1a 32: 0xe40c292c
    [TestCase("foobar", 20)] // 0xbf9cf968
    [TestCase("deploy", 70)] // 0x5cd3477e
    [TestCase("é", 17)] // the UTF-8 bytes c3 a9: 0x1e9de8c1
    public void A_cookie_value_has_the_bucket_of_its_fnv1a_hash_in_every_process(string value, int bucket)
    {
        Assert.That(RolloutSplit.BucketOf(value), Is.EqualTo(bucket));
    }

    [Test]
    public void Fresh_cookie_values_fill_the_hundred_buckets_evenly()
    {
        var counts = new int[RolloutSplit.Buckets];
        for (var i = 0; i < 20000; i++)
            counts[RolloutSplit.BucketOf(RolloutSplit.NewValue())]++;

        // 200 expected per bucket; 120-280 is over five standard deviations either side.
        Assert.That(counts, Has.All.InRange(120, 280));
    }

    [Test]
    public void Buckets_below_the_canary_weight_go_to_the_canary()
    {
        var toCanary = Enumerable.Range(0, 100).Count(bucket => RolloutSplit.GoesToCanary(bucket, 30));

        Assert.That(toCanary, Is.EqualTo(30));
        Assert.That(RolloutSplit.GoesToCanary(29, 30), Is.True);
        Assert.That(RolloutSplit.GoesToCanary(30, 30), Is.False);
        Assert.That(RolloutSplit.GoesToCanary(0, 0), Is.False);
    }

    [Test]
    public void A_customer_on_the_canary_stays_there_as_its_weight_grows()
    {
        for (var bucket = 0; bucket < 100; bucket++)
        {
            for (var weight = 0; weight < 100; weight++)
            {
                if (RolloutSplit.GoesToCanary(bucket, weight))
                    Assert.That(RolloutSplit.GoesToCanary(bucket, weight + 1), Is.True, $"bucket {bucket} left the canary going from {weight}% up");
            }
        }
    }

    [Test]
    public void The_cookie_given_to_a_customer_lasts_the_session_on_every_path_and_is_hidden_from_scripts()
    {
        Assert.That(RolloutSplit.SetCookie("0123abcd"), Is.EqualTo("deploy_rollout=0123abcd; Path=/; HttpOnly; SameSite=Lax"));
    }
}
