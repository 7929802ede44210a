using System.Security.Cryptography;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>What the known-hosts file says about the key a host presented.</summary>
public enum HostKeyVerdict
{
    /// <summary>The file holds this exact key for the host.</summary>
    Known,

    /// <summary>The file names the host nowhere: a first connection (recorded only with <c>--trust-new-hosts</c>).</summary>
    Unknown,

    /// <summary>
    /// The file holds other keys for the host and not this one (of this type or any other), or marks it revoked: the
    /// server was reinstalled or someone is in the middle. Never trusted automatically.
    /// </summary>
    Changed,
}

/// <summary>Judges a presented host key against known-hosts entries. Pure.</summary>
public static class HostKeyJudgement
{
    /// <summary>The verdict for <paramref name="key"/> of <paramref name="keyType"/> presented by <paramref name="knownHostsName"/>.</summary>
    /// <remarks>
    /// A host known only with keys of another type counts as changed, not unknown: SSH.NET does not prefer the
    /// algorithms the file already holds (OpenSSH does), so treating it as new would let anyone who answers with
    /// another key type be recorded with <c>--trust-new-hosts</c>. Add the other key (<c>ssh-keyscan -t TYPE</c>) instead.
    /// </remarks>
    public static HostKeyVerdict Judge(IReadOnlyList<KnownHostEntry> entries, string knownHostsName, string keyType, byte[] key)
    {
        var forHost = entries.Where(e => e.Marker is null or "@revoked" && e.Matches(knownHostsName)).ToList();
        if (forHost.Any(e => e.Marker == "@revoked" && e.Key.AsSpan().SequenceEqual(key)))
            return HostKeyVerdict.Changed;
        var plain = forHost.Where(e => e.Marker == null).ToList();
        if (plain.Any(e => e.KeyType == keyType && e.Key.AsSpan().SequenceEqual(key)))
            return HostKeyVerdict.Known;
        return plain.Count == 0 ? HostKeyVerdict.Unknown : HostKeyVerdict.Changed;
    }

    /// <summary>The key types the file holds for the host (for the message about a changed key).</summary>
    public static IReadOnlyList<string> KnownTypes(IReadOnlyList<KnownHostEntry> entries, string knownHostsName) =>
        entries.Where(e => e.Marker == null && e.Matches(knownHostsName)).Select(e => $"{e.KeyType} (line {e.Line})").Distinct().ToList();

    /// <summary>The key's fingerprint as OpenSSH prints it: <c>SHA256:</c> and the unpadded base64 of the blob's SHA-256.</summary>
    public static string Fingerprint(byte[] key) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(key)).TrimEnd('=');
}
