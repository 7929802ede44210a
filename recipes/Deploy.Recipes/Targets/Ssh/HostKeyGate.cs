using System.Buffers.Binary;
using System.Text;
using Renci.SshNet.Common;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// Decides, during the SSH key exchange and before the recipe logs in, whether a host's key is trusted: known in the
/// known-hosts file, or unknown with <c>--trust-new-hosts</c>. Remembers what the host presented so a refusal can
/// print its fingerprint, and so the caller records a newly trusted key only once every host has passed.
/// </summary>
public sealed class HostKeyGate(SshHostAddress host, IReadOnlyList<KnownHostEntry> known, bool trustNewHosts)
{
    /// <summary>The host this gate guards.</summary>
    public SshHostAddress Host { get; } = host;

    /// <summary>The key type the host presented (<c>ssh-ed25519</c>), once it did.</summary>
    public string? KeyType { get; private set; }

    /// <summary>The key blob the host presented, once it did.</summary>
    public byte[]? Key { get; private set; }

    /// <summary>The verdict on the presented key, once there is one.</summary>
    public HostKeyVerdict? Verdict { get; private set; }

    /// <summary>The presented key's fingerprint (<c>SHA256:...</c>), once there is one.</summary>
    public string? Fingerprint => Key == null ? null : HostKeyJudgement.Fingerprint(Key);

    /// <summary>True when the presented key was refused (the connection failed for that reason).</summary>
    public bool Refused => Verdict is HostKeyVerdict.Changed || (Verdict == HostKeyVerdict.Unknown && !trustNewHosts);

    /// <summary>The handler for SSH.NET's <c>HostKeyReceived</c>.</summary>
    public void OnHostKeyReceived(object? sender, HostKeyEventArgs e)
    {
        var key = e.HostKey;
        // A second connection to the same host (SFTP beside the shell) must present the same key as the first.
        if (Key != null && !Key.AsSpan().SequenceEqual(key))
        {
            Verdict = HostKeyVerdict.Changed;
            e.CanTrust = false;
            return;
        }

        Key = key;
        KeyType = KeyTypeOf(key) ?? e.HostKeyName;
        Verdict = HostKeyJudgement.Judge(known, Host.KnownHostsName, KeyType, key);
        e.CanTrust = !Refused;
    }

    /// <summary>The key type named inside an SSH public key blob (its first length-prefixed string), or null.</summary>
    public static string? KeyTypeOf(byte[] blob)
    {
        if (blob.Length < 4)
            return null;
        var length = BinaryPrimitives.ReadUInt32BigEndian(blob);
        return length is > 0 and < 64 && blob.Length >= 4 + length ? Encoding.ASCII.GetString(blob, 4, (int)length) : null;
    }

    /// <summary>Why the host was refused, with its fingerprint and the fix; null when it was not.</summary>
    public string? Refusal(string knownHostsPath, IReadOnlyList<KnownHostEntry> entries)
    {
        if (!Refused)
            return null;
        var keyscan = Host.Port == SshHostAddress.DefaultPort ? $"ssh-keyscan -t {KeyTypeOf(Key!)} {Host.Address}" : $"ssh-keyscan -t {KeyTypeOf(Key!)} -p {Host.Port} {Host.Address}";
        return Verdict == HostKeyVerdict.Unknown
            ? $"Host {Host.Name} is not in {knownHostsPath}: it presented the {KeyType} key {Fingerprint}. Compare that fingerprint with the server's own " +
              $"(on it: ssh-keygen -lf /etc/ssh/ssh_host_{ShortType(KeyType)}_key.pub), then record it: rerun with --trust-new-hosts, or add it yourself ({keyscan} >> {knownHostsPath})."
            : $"The host key of {Host.Name} has CHANGED: it presented the {KeyType} key {Fingerprint}, but {knownHostsPath} holds another key for {Host.KnownHostsName} " +
              $"({string.Join(", ", HostKeyJudgement.KnownTypes(entries, Host.KnownHostsName))}). The server was reinstalled, or someone is intercepting the connection. " +
              $"--trust-new-hosts never records a changed key: check the fingerprint on the server, then remove the old entry (ssh-keygen -R '{Host.KnownHostsName}' -f {knownHostsPath}) and run again.";
    }

    private static string ShortType(string? type) => type switch
    {
        "ssh-ed25519" => "ed25519",
        "ssh-rsa" => "rsa",
        { } t when t.StartsWith("ecdsa", StringComparison.Ordinal) => "ecdsa",
        _ => "*",
    };
}
