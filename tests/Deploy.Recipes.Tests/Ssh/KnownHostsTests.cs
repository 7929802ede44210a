using Deploy.Recipes.Targets.Ssh;
using Deploy.Recipes.Tests.Support;
using NUnit.Framework;

namespace Deploy.Recipes.Tests.Ssh;

/// <summary>
/// The known-hosts judgement: a presented key is known, unknown or changed, read from files as OpenSSH writes them
/// (plain names, <c>[host]:port</c>, wildcards and negation, hashed <c>|1|</c> names), with OpenSSH's fingerprints.
/// Keys and hashed lines are made by the real ssh-keygen.
/// </summary>
[TestFixture]
public sealed class KnownHostsTests
{
    private TemporaryFolder keys = null!;
    private (string Type, byte[] Blob, string Line) first;
    private (string Type, byte[] Blob, string Line) second;

    [OneTimeSetUp]
    public void MakeKeys()
    {
        keys = new TemporaryFolder("deploy-knownhosts-");
        first = Key("first", "ed25519");
        second = Key("second", "ed25519");
    }

    [OneTimeTearDown]
    public void RemoveKeys() => keys.Dispose();

    [Test]
    public void A_key_listed_for_the_host_and_port_is_known()
    {
        var entries = KnownHostEntry.ParseFile($"# comment\n\n[10.0.0.5]:2222 {first.Type} {Base64(first.Blob)}\n");

        Assert.That(HostKeyJudgement.Judge(entries, "[10.0.0.5]:2222", first.Type, first.Blob), Is.EqualTo(HostKeyVerdict.Known));
    }

    [Test]
    public void A_host_listed_nowhere_is_unknown_even_when_its_address_is_listed_on_another_port()
    {
        var entries = KnownHostEntry.ParseFile($"10.0.0.5 {first.Type} {Base64(first.Blob)}\n");

        Assert.That(HostKeyJudgement.Judge(entries, "[10.0.0.5]:2222", first.Type, first.Blob), Is.EqualTo(HostKeyVerdict.Unknown));
    }

    [Test]
    public void Another_key_for_the_host_is_changed()
    {
        var entries = KnownHostEntry.ParseFile($"[10.0.0.5]:2222 {first.Type} {Base64(first.Blob)}\n");

        Assert.That(HostKeyJudgement.Judge(entries, "[10.0.0.5]:2222", second.Type, second.Blob), Is.EqualTo(HostKeyVerdict.Changed));
    }

    [Test]
    public void A_host_known_only_with_another_key_type_is_changed_not_unknown()
    {
        var rsa = Key("rsa", "rsa");
        var entries = KnownHostEntry.ParseFile($"web1 {rsa.Type} {Base64(rsa.Blob)}\n");

        Assert.That(HostKeyJudgement.Judge(entries, "web1", first.Type, first.Blob), Is.EqualTo(HostKeyVerdict.Changed));
    }

    [Test]
    public void A_revoked_key_is_changed_even_when_also_listed()
    {
        var entries = KnownHostEntry.ParseFile($"web1 {first.Type} {Base64(first.Blob)}\n@revoked * {first.Type} {Base64(first.Blob)}\n");

        Assert.That(HostKeyJudgement.Judge(entries, "web1", first.Type, first.Blob), Is.EqualTo(HostKeyVerdict.Changed));
    }

    [TestCase("web1,web2", "web2", true)]
    [TestCase("web*", "web17", true)]
    [TestCase("web?", "web17", false)]
    [TestCase("*.example.com,!db.example.com", "db.example.com", false)]
    [TestCase("*.example.com,!db.example.com", "www.example.com", true)]
    [TestCase("WEB1", "web1", true)]
    public void Patterns_match_as_OpenSSH_matches_them(string patterns, string name, bool matches)
    {
        var entry = KnownHostEntry.ParseFile($"{patterns} {first.Type} {Base64(first.Blob)}\n").Single();

        Assert.That(entry.Matches(name), Is.EqualTo(matches));
    }

    [Test]
    public void A_hashed_line_written_by_ssh_keygen_is_understood_for_its_host_and_port_only()
    {
        var file = keys.Combine("hashed_known_hosts");
        File.WriteAllText(file, $"[127.0.0.9]:2222 {first.Type} {Base64(first.Blob)}\n");
        var hash = ProcessRun.Start("ssh-keygen", ["-H", "-f", file], keys.Path);
        Assert.That(hash.ExitCode, Is.Zero, hash.All);
        var entries = KnownHostEntry.ParseFile(File.ReadAllText(file));
        Assert.That(entries.Single().Patterns, Does.StartWith("|1|"));

        Assert.That(HostKeyJudgement.Judge(entries, "[127.0.0.9]:2222", first.Type, first.Blob), Is.EqualTo(HostKeyVerdict.Known));
        Assert.That(HostKeyJudgement.Judge(entries, "[127.0.0.9]:2223", first.Type, first.Blob), Is.EqualTo(HostKeyVerdict.Unknown));
        Assert.That(HostKeyJudgement.Judge(entries, "[127.0.0.9]:2222", second.Type, second.Blob), Is.EqualTo(HostKeyVerdict.Changed));
    }

    [Test]
    public void The_fingerprint_is_the_one_ssh_keygen_prints()
    {
        var printed = ProcessRun.Start("ssh-keygen", ["-l", "-E", "sha256", "-f", keys.Combine("first.pub")], keys.Path);

        Assert.That(printed.Out.Split(' ')[1], Is.EqualTo(HostKeyJudgement.Fingerprint(first.Blob)));
        Assert.That(HostKeyJudgement.Fingerprint(first.Blob), Does.StartWith("SHA256:").And.Not.EndWith("="));
    }

    [Test]
    public void The_key_type_is_read_from_the_key_itself()
    {
        Assert.That(HostKeyGate.KeyTypeOf(first.Blob), Is.EqualTo("ssh-ed25519"));
    }

    [Test]
    public void An_appended_host_is_known_on_the_next_read_and_the_file_is_made_when_missing()
    {
        var path = keys.Combine("new-folder", "known_hosts");
        new KnownHostsFile(path).Append("[10.0.0.7]:2222", first.Type, first.Blob);
        new KnownHostsFile(path).Append("10.0.0.8", second.Type, second.Blob);

        var reread = new KnownHostsFile(path);

        Assert.That(HostKeyJudgement.Judge(reread.Entries, "[10.0.0.7]:2222", first.Type, first.Blob), Is.EqualTo(HostKeyVerdict.Known));
        Assert.That(HostKeyJudgement.Judge(reread.Entries, "10.0.0.8", second.Type, second.Blob), Is.EqualTo(HostKeyVerdict.Known));
        var check = ProcessRun.Start("ssh-keygen", ["-F", "[10.0.0.7]:2222", "-f", path], keys.Path);
        Assert.That(check.ExitCode, Is.Zero, "ssh-keygen finds the appended line: " + check.All);
    }

    [Test]
    public void A_tilde_is_the_users_home()
    {
        Assert.That(KnownHostsFile.Expand("~/.ssh/known_hosts"),
            Is.EqualTo(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts")));
    }

    private (string Type, byte[] Blob, string Line) Key(string name, string type)
    {
        var file = keys.Combine(name);
        var made = ProcessRun.Start("ssh-keygen", ["-q", "-t", type, "-N", "", "-f", file], keys.Path);
        Assert.That(made.ExitCode, Is.Zero, made.All);
        var line = File.ReadAllText(file + ".pub").Trim();
        var parts = line.Split(' ');
        return (parts[0], Convert.FromBase64String(parts[1]), line);
    }

    private static string Base64(byte[] blob) => Convert.ToBase64String(blob);
}
