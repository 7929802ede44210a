using System.Text;

namespace Deploy.Recipes.Edge.Slots;

/// <summary>
/// A slot's log file, <c>logs/&lt;release&gt;.&lt;slot&gt;.log</c>: a header line, then the app's stdout and stderr
/// appended as they come. Both streams share one file, so writes are serialised.
/// </summary>
internal sealed class SlotLog : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _write = new();
    private bool _disposed;

    private SlotLog(string path, FileStream file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    /// <summary>Opens (appending) and writes the header. The header names the release, never the app's environment.</summary>
    public static SlotLog Open(string path, string slot, string release, string version, int port)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var log = new SlotLog(path, file);
        log.Append($"# {DateTimeOffset.UtcNow:O} edge started release {release} (version {version}) in slot {slot} on port {port}\n");
        return log;
    }

    public void Append(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        Write(bytes, bytes.Length);
    }

    /// <summary>Copies one of the process's output streams into the file until it ends.</summary>
    public async Task PumpAsync(Stream source)
    {
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
                Write(buffer, read);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process ended or its streams were closed: nothing more to copy.
        }
    }

    public void Dispose()
    {
        lock (_write)
        {
            _disposed = true;
            _file.Dispose();
        }
    }

    private void Write(byte[] bytes, int count)
    {
        lock (_write)
        {
            if (_disposed)
                return;
            _file.Write(bytes, 0, count);
            _file.Flush();
        }
    }
}
