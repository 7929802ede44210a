using Deploy.Recipes.Database.Postgres;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Database.Postgres;

/// <summary>Passwords in connection strings never reach an error message, whether the driver or a tool failed.</summary>
public sealed class PostgresSecretTests : PostgresFixture
{
    [Test]
    public void Cloning_a_database_that_does_not_exist_says_so_without_the_password()
    {
        var error = Assert.Throws<PostgresEngineException>(() => engine.Clone(server.ConnectionString("no_such_shop"), "no_such_shop_staging"))!;

        Assert.That(error.Message, Does.Contain("\"no_such_shop\"").And.Contain("does not exist"));
        Assert.That(error.ToString(), Does.Not.Contain(server.Password));
    }

    [Test]
    public void A_wrong_password_is_reported_without_being_repeated()
    {
        server.CreateDatabase("wrong_password");
        var wrong = server.ConnectionString("wrong_password").Replace(server.Password, "WrongPassword42");

        var error = Assert.Throws<PostgresEngineException>(() => engine.Backup(wrong, Path.Combine(Path.GetTempPath(), "never.dump")))!;

        Assert.That(error.Message, Does.Contain("Backing up database \"wrong_password\"").And.Contain("password authentication failed"));
        Assert.That(error.ToString(), Does.Not.Contain("WrongPassword42").And.Not.Contain(server.Password));
    }

    [Test]
    public void A_failing_tool_reports_what_it_said_with_the_password_redacted()
    {
        // A table the role may not read makes pg_dump fail, and its name makes pg_dump's stderr hold the password.
        var shop = server.CreateDatabase("unreadable");
        server.Admin("unreadable", $"CREATE TABLE \"locked_{server.Password}\" (id int)");
        using var folder = new TemporaryFolder();

        var error = Assert.Throws<PostgresEngineException>(() => engine.Backup(shop, folder.Combine("unreadable.dump")))!;

        Assert.That(error.Message, Does.StartWith("Backing up database \"unreadable\""));
        Assert.That(error.Message, Does.Contain("pg_dump exited with code 1").And.Contain("permission denied for table locked_***"));
        Assert.That(error.ToString(), Does.Not.Contain(server.Password));
        Assert.That(Directory.GetFiles(folder.Path), Is.Empty, "no partial backup is left behind");
    }

    [TestCase("Host=db;Database=shop;Password=\"s3cret-pw;Port=5432")]
    [TestCase("Host=db;Port=s3cret-pw;Password=s3cret-pw;Database=shop")]
    [TestCase("Host=db;Password=s3cret-pw;Database=shop;Colour=s3cret-pw")]
    [TestCase("Host=db;Password=s3cret-pw")]
    public void A_connection_string_that_does_not_parse_is_reported_without_the_password(string connection)
    {
        var error = Assert.Throws<PostgresEngineException>(() => engine.SizeBytes(connection))!;

        Assert.That(error.Message, Does.StartWith("The PostgreSQL connection string"));
        Assert.That(error.ToString(), Does.Not.Contain("s3cret"));
    }

    [TestCase("Host=db;Database=shop;Password=s3cret-pw;Username=app", "Host=db;Database=shop;Password=***;Username=app")]
    [TestCase("host=db; PWD = 's3cret;pw' ; user=app", "host=db; PWD=*** ; user=app")]
    [TestCase("failed for postgres://app:s3cret-pw@db:5432/shop", "failed for postgres://app:***@db:5432/shop")]
    public void Connection_string_passwords_are_redacted_from_text(string text, string redacted)
    {
        Assert.That(SecretRedactor.Redact(text), Is.EqualTo(redacted));
    }

    [Test]
    public void A_known_password_is_redacted_wherever_it_appears()
    {
        Assert.That(SecretRedactor.Redact("table \"t_s3cret\" is locked", "s3cret"), Is.EqualTo("table \"t_***\" is locked"));
    }
}
