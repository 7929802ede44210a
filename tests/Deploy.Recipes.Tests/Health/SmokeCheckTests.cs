using System.Text;
using Deploy.Recipes.Health;
using Deploy.Recipes.Hosting;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Health;

/// <summary>Smoke checks as written (PATH[=STATUS][~BODY]) and the judgement of one answer: pure, no HTTP.</summary>
public sealed class SmokeCheckTests
{
    [Test]
    public void A_bare_path_expects_any_2xx_and_any_body()
    {
        var check = SmokeCheck.Parse("/health/ready");

        Assert.That(check, Is.EqualTo(new SmokeCheck("/health/ready", "/health/ready", null, null)));
        Assert.That(check.Judge(204, "No Content", []), Is.Null);
        Assert.That(check.Judge(302, "Found", []), Is.Not.Null);
    }

    [Test]
    public void A_status_after_equals_is_expected_exactly_so_a_redirect_can_pass()
    {
        var check = SmokeCheck.Parse("/=302");

        Assert.That((check.Path, check.Status), Is.EqualTo(("/", (int?)302)));
        Assert.That(check.Judge(302, "Found", []), Is.Null);
        Assert.That(check.Judge(200, "OK", []), Does.Contain("expected 302"));
    }

    [Test]
    public void A_body_fragment_after_tilde_is_kept_as_written_quotes_included()
    {
        var check = SmokeCheck.Parse("/openapi/v1.json=200~\"openapi\"");

        Assert.That(check, Is.EqualTo(new SmokeCheck("/openapi/v1.json=200~\"openapi\"", "/openapi/v1.json", 200, "\"openapi\"")));
        Assert.That(check.Judge(200, "OK", Encoding.UTF8.GetBytes("{\"openapi\": \"3.1.1\"}")), Is.Null);
        Assert.That(check.Judge(200, "OK", Encoding.UTF8.GetBytes("{\"swagger\": \"2.0\"}")), Does.Contain("expected 200 with a body containing \"openapi\""));
    }

    [Test]
    public void A_query_string_keeps_its_equals_signs_and_may_still_name_a_status()
    {
        Assert.That(SmokeCheck.Parse("/search?q=shoes").Path, Is.EqualTo("/search?q=shoes"));
        Assert.That(SmokeCheck.Parse("/search?q=shoes=200"), Is.EqualTo(new SmokeCheck("/search?q=shoes=200", "/search?q=shoes", 200, null)));
    }

    [TestCase("health", "the path 'health' does not start with '/'")]
    [TestCase("/=abc", "'abc' after '=' is not a status")]
    [TestCase("/=999", "status 999 is not an HTTP status")]
    [TestCase("/~", "nothing follows '~'")]
    [TestCase("=200", "the path is missing")]
    public void A_bad_check_is_refused_naming_it_and_the_valid_form(string written, string why)
    {
        var refused = Assert.Throws<RecipeUsageException>(() => SmokeCheck.Parse(written));

        Assert.That(refused!.Message, Does.Contain($"Smoke check '{written}' is not valid: {why}").And.Contain(SmokeCheck.Form));
    }

    [Test]
    public void A_failing_answer_is_described_by_its_status_the_first_200_bytes_of_its_body_and_the_expectation()
    {
        var body = Encoding.UTF8.GetBytes("<html>" + new string('x', 300));

        var failure = SmokeCheck.Parse("/").Judge(500, "Internal Server Error", body);

        Assert.That(failure, Does.StartWith("Smoke check / failed: GET / answered 500 Internal Server Error, expected 2xx. Body (first 200 of 306 bytes): <html>xxx"));
        Assert.That(failure, Does.EndWith("<html>" + new string('x', 194)));
    }

    [Test]
    public void Empty_smoke_checks_mean_the_ready_path_alone_and_follow_it()
    {
        var health = ReleaseHealth.From("/healthz", []);

        Assert.That(health.SmokeChecks.Select(c => c.Text), Is.EqualTo(new[] { "/healthz" }));
    }

    [TestCase("health/ready")]
    [TestCase("")]
    [TestCase("/health ready")]
    public void A_ready_path_that_is_not_a_path_is_refused_naming_it(string readyPath)
    {
        var refused = Assert.Throws<RecipeUsageException>(() => ReleaseHealth.From(readyPath, []));

        Assert.That(refused!.Message, Does.Contain($"Setting 'ready-path' is '{readyPath}'").And.Contain("starting with '/'"));
    }
}
