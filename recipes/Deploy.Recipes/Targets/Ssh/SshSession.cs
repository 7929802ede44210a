using System.Net.Sockets;
using System.Text;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Deploy.Recipes.Targets.Ssh;

/// <summary>
/// The recipe's connection to one host: a shell channel for commands, SFTP for files and local port forwards to the
/// host's loopback (its edge's admin and public ports). Both connections pass the same <see cref="HostKeyGate"/>
/// before logging in. Every error names the host.
/// </summary>
public sealed class SshSession : IDisposable
{
    /// <summary>How long connecting and the key exchange may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private const int ConnectAttempts = 3;

    private readonly SshClient _shell;
    private readonly SftpClient _files;
    private readonly List<ForwardedPortLocal> _forwards = [];

    private SshSession(SshHostAddress host, SshClient shell, SftpClient files)
    {
        Host = host;
        _shell = shell;
        _files = files;
        Home = files.WorkingDirectory;
    }

    /// <summary>The host.</summary>
    public SshHostAddress Host { get; }

    /// <summary>The login user's home on the host (where SFTP starts).</summary>
    public string Home { get; }

    /// <summary>SFTP to the host.</summary>
    public SftpClient Files => _files;

    /// <summary>
    /// Connects both channels, checking the host key with <paramref name="gate"/>. Throws
    /// <see cref="HostUnreachableException"/> naming the host when it cannot be reached, refuses the key or the login.
    /// </summary>
    public static async Task<SshSession> OpenAsync(SshHostAddress host, IPrivateKeySource key, HostKeyGate gate, CancellationToken cancel)
    {
        // A connection dropped during the handshake (a busy sshd past its MaxStartups, a reset) is worth another try;
        // a refused key or login, or a host that does not answer at all, is not.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ConnectAsync(host, key, gate, cancel);
            }
            catch (HostUnreachableException dropped) when (attempt < ConnectAttempts && IsDroppedConnection(dropped.InnerException))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500 * attempt), cancel);
            }
        }
    }

    // Reset, aborted or shut down (a broken pipe) after the server accepted: the server was there and may take the next.
    private static bool IsDroppedConnection(Exception? e) =>
        e is SshConnectionException or SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown };

    private static async Task<SshSession> ConnectAsync(SshHostAddress host, IPrivateKeySource key, HostKeyGate gate, CancellationToken cancel)
    {
        var info = new ConnectionInfo(host.Address, host.Port, host.User, new PrivateKeyAuthenticationMethod(host.User, key)) { Timeout = ConnectTimeout };
        var shell = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(15) };
        var files = new SftpClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(15), OperationTimeout = TimeSpan.FromSeconds(60) };
        shell.HostKeyReceived += gate.OnHostKeyReceived;
        files.HostKeyReceived += gate.OnHostKeyReceived;
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancel);
            limit.CancelAfter(ConnectTimeout + TimeSpan.FromSeconds(5));
            await shell.ConnectAsync(limit.Token);
            await files.ConnectAsync(limit.Token);
            return new SshSession(host, shell, files);
        }
        catch (Exception e) when (e is SshException or SocketException or IOException or OperationCanceledException or TimeoutException or InvalidOperationException)
        {
            shell.Dispose();
            files.Dispose();
            if (cancel.IsCancellationRequested)
                throw;
            if (gate.Refused)
                throw new HostKeyRefusedException(gate);
            var why = e switch
            {
                SshAuthenticationException => $"the key given by setting 'ssh-key' was not accepted for user '{host.User}' (check the user's ~/.ssh/authorized_keys)",
                OperationCanceledException or SshOperationTimeoutException or TimeoutException => $"no answer within {ConnectTimeout.TotalSeconds:0} s",
                _ => e.Message,
            };
            throw new HostUnreachableException(host, $"Host {host.Name} cannot be reached over SSH: {why}. Nothing was changed on it.", e);
        }
    }

    /// <summary>
    /// Runs <paramref name="script"/> with the host's <c>sh</c>, writing <paramref name="input"/> (when given) to its standard
    /// input, which is how secrets reach a command without being on its command line; throws naming the host when it
    /// cannot run, and a <see cref="TimeoutException"/> naming it when the command exceeds <paramref name="timeout"/>.
    /// </summary>
    public async Task<HostCommandResult> RunAsync(string script, TimeSpan timeout, CancellationToken cancel = default, string? input = null)
    {
        using var command = _shell.CreateCommand($"/bin/sh -c {ShellQuote.Word(script)}", Encoding.UTF8);
        command.CommandTimeout = timeout;
        try
        {
            var running = command.ExecuteAsync(cancel);
            if (input != null)
            {
                // The input stream exists once the command started; disposing it sends EOF.
                await using var stdin = command.CreateInputStream();
                await stdin.WriteAsync(Encoding.UTF8.GetBytes(input), cancel);
            }

            await running;
        }
        catch (SshOperationTimeoutException late)
        {
            // SSH.NET signals the remote program and closes the channel when the timeout passes.
            throw new TimeoutException($"Host {Host.Name}: a command did not finish within {timeout.TotalSeconds:0} s and was ended.", late);
        }
        catch (Exception e) when (e is SshException or SocketException or IOException or ObjectDisposedException)
        {
            throw new HostUnreachableException(Host, $"Host {Host.Name}: the connection failed while running a command ({e.Message}).", e);
        }

        return new HostCommandResult(command.ExitStatus ?? -1, command.Result, command.Error);
    }

    /// <summary>Runs <paramref name="script"/> and fails naming the host and <paramref name="what"/> unless it exits 0.</summary>
    public async Task<string> RunCheckedAsync(string script, string what, TimeSpan timeout, CancellationToken cancel = default)
    {
        var result = await RunAsync(script, timeout, cancel);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Host {Host.Name}: {what} failed (exit {result.ExitCode}): {FirstLines(result.Error.Length > 0 ? result.Error : result.Output)}");
        return result.Output;
    }

    /// <summary>
    /// Forwards a port on this machine's 127.0.0.1 (chosen free) to <paramref name="address"/>:<paramref name="port"/>
    /// as seen from the host; returns the local port. The forward ends with the session.
    /// </summary>
    public int Forward(string address, int port)
    {
        var forward = new ForwardedPortLocal("127.0.0.1", 0, address, (uint)port);
        _shell.AddForwardedPort(forward);
        forward.Start();
        _forwards.Add(forward);
        return (int)forward.BoundPort;
    }

    /// <summary>The text of a file on the host, or null when it does not exist.</summary>
    public string? ReadText(string path)
    {
        try
        {
            return _files.Exists(path) ? _files.ReadAllText(path) : null;
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Writes a file on the host whole (a temporary file renamed over it), owner-only.</summary>
    public void WriteText(string path, string text)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var stream = _files.Create(temporary))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes);
        }

        _files.ChangePermissions(temporary, 600); // SSH.NET reads the digits as octal: rw-------
        _files.RenameFile(temporary, path, isPosix: true);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var forward in _forwards)
        {
            try
            {
                forward.Stop();
            }
            catch (Exception e) when (e is SshException or ObjectDisposedException or SocketException)
            {
                // the connection is already gone; nothing to stop
            }
        }

        _shell.Dispose();
        _files.Dispose();
    }

    private static string FirstLines(string text) => string.Join(" / ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5));
}

/// <summary>A host that could not be reached, refused the login, or whose connection broke; names the host.</summary>
public sealed class HostUnreachableException(SshHostAddress host, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The host.</summary>
    public SshHostAddress Host { get; } = host;
}

/// <summary>A host whose key the known-hosts file does not vouch for; its message carries the fingerprint and the fix.</summary>
public sealed class HostKeyRefusedException(HostKeyGate gate) : Exception($"Host {gate.Host.Name} was refused: its key is {gate.Verdict?.ToString().ToLowerInvariant()} ({gate.Fingerprint}).")
{
    /// <summary>The gate holding what the host presented.</summary>
    public HostKeyGate Gate { get; } = gate;
}
