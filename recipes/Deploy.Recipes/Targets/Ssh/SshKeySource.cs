using Deploy.Recipes.Hosting;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// The private key the recipe logs in with (setting <c>ssh-key</c>, a secret): a file path, or the key's own text
/// (a CI secret holding <c>-----BEGIN ... PRIVATE KEY-----</c>); empty means <c>~/.ssh/id_ed25519</c>, else
/// <c>~/.ssh/id_rsa</c>. Errors never quote the path or the key.
/// </summary>
public static class SshKeySource
{
    /// <summary>Loads the key; throws <see cref="RecipeUsageException"/> saying what is wrong, without the value.</summary>
    public static PrivateKeyFile Load(string setting)
    {
        if (setting.Contains("PRIVATE KEY-----", StringComparison.Ordinal))
            return Parse(() => new PrivateKeyFile(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(setting.Replace("\\n", "\n").Trim() + "\n"))), "the key text given in setting 'ssh-key'");

        var path = setting.Length > 0
            ? KnownHostsFile.Expand(setting)
            : new[] { "~/.ssh/id_ed25519", "~/.ssh/id_rsa" }.Select(KnownHostsFile.Expand).FirstOrDefault(File.Exists);
        if (path == null)
            throw new RecipeUsageException("No SSH key to log in to the hosts with: setting 'ssh-key' is empty and there is no ~/.ssh/id_ed25519 or ~/.ssh/id_rsa. Give the private key's path (or its text) in 'ssh-key' (DEPLOY_SSH_KEY in CI).");
        if (!File.Exists(path))
            throw new RecipeUsageException("The file named by setting 'ssh-key' does not exist (its value is a secret and is not shown). Give the path of the private key the hosts accept.");
        return Parse(() => new PrivateKeyFile(path), setting.Length > 0 ? "the file named by setting 'ssh-key'" : "the default key in ~/.ssh");
    }

    private static PrivateKeyFile Parse(Func<PrivateKeyFile> load, string what)
    {
        try
        {
            return load();
        }
        catch (Exception e) when (e is SshException or SshPassPhraseNullOrEmptyException or IOException or UnauthorizedAccessException or ArgumentException or FormatException or NotSupportedException)
        {
            var why = e is SshPassPhraseNullOrEmptyException ? "it is protected by a passphrase (give a key without one, kept as a CI secret)" : $"it is not a private key SSH.NET can read ({e.GetType().Name})";
            throw new RecipeUsageException($"The SSH key cannot be used: {what}: {why}.");
        }
    }
}
