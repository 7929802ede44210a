using System.Diagnostics;
using Npgsql;

namespace Deploy.Recipes.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL server for one test fixture: initdb into a temp folder, started with pg_ctl on 127.0.0.1 and
/// a free port (about a second in all), stopped with <c>pg_ctl stop -m immediate</c> and deleted on Dispose, which
/// also runs when starting failed halfway and, as a last resort, when the test process exits.
/// </summary>
/// <remarks>
/// Authentication: the superuser <c>postgres</c> is trusted on the server's own Unix socket (in the temp folder) and
/// is used only to set up; tests connect over TCP as <see cref="Role"/> (CREATEDB, not a superuser: like a deploying
/// role) with a password, checked with scram-sha-256, so every engine call exercises password handling.
/// initdb and postgres refuse to run as root: when the tests run as root the server's programs run as the
/// <c>postgres</c> user (created by Debian's postgresql packages) through <c>runuser</c>, in a folder owned by it.
/// </remarks>
public sealed class ThrowawayPostgres : IDisposable
{
    public const string Role = "deployer";
    private const string ServerUser = "postgres";
    private const int MajorVersion = 15;

    private readonly string bin;
    private bool disposed;

    private ThrowawayPostgres(string bin)
    {
        this.bin = bin;
        // Under /tmp, not $TMPDIR: the postgres user must be able to reach it, and the Unix socket's path inside it
        // must stay under the 107-byte limit.
        Folder = OperatingSystem.IsWindows()
            ? Directory.CreateTempSubdirectory("deploy-recipes-pg-").FullName
            : Directory.CreateDirectory(Path.Combine("/tmp", "deploy-recipes-pg-" + Guid.NewGuid().ToString("N")[..10])).FullName;
        Password = "Pw" + Guid.NewGuid().ToString("N")[..16];
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The temp folder: data directory, log and the Unix socket.</summary>
    public string Folder { get; }

    public int Port { get; private set; }

    /// <summary><see cref="Role"/>'s password: tests check it never shows in messages.</summary>
    public string Password { get; }

    private string DataDirectory => Path.Combine(Folder, "data");

    private string LogFile => Path.Combine(Folder, "server.log");

    /// <summary>Initializes and starts a fresh server; everything is cleaned up again when this fails.</summary>
    public static ThrowawayPostgres Start()
    {
        var server = new ThrowawayPostgres(FindBin());
        try
        {
            server.Initialize();
            server.Launch();
            server.Admin("postgres", $"CREATE ROLE {Role} LOGIN CREATEDB PASSWORD '{server.Password}'");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>TCP, password, no pooling (a pooled idle session would count as a session on the database).</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Database={database};Username={Role};Password={Password};Pooling=false;Timeout=5";

    /// <summary>The superuser over the Unix socket, for setup only.</summary>
    public string AdminConnectionString(string database = "postgres") =>
        $"Host={Folder};Port={Port};Database={database};Username={ServerUser};Pooling=false";

    /// <summary>Creates an empty database owned by <see cref="Role"/>, runs <paramref name="sql"/> in it as that role, returns its connection string.</summary>
    public string CreateDatabase(string name, string? sql = null)
    {
        Admin("postgres", $"CREATE DATABASE \"{name}\" OWNER {Role}");
        if (sql != null)
            Execute(name, sql);
        return ConnectionString(name);
    }

    public void Execute(string database, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public T Scalar<T>(string database, string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }

    /// <summary>Runs <paramref name="sql"/> as the superuser.</summary>
    public void Admin(string database, string sql)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString(database));
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public bool DatabaseExists(string name)
    {
        using var connection = new NpgsqlConnection(AdminConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return (bool)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        if (disposed)
            return;
        disposed = true;
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
                Stop();
        }
        finally
        {
            try
            {
                Directory.Delete(Folder, recursive: true);
            }
            catch (IOException)
            {
                // The server may still be releasing a file; the temp folder is the OS's to reclaim.
            }
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private void Initialize()
    {
        if (Environment.IsPrivilegedProcess)
            Run("chown", [$"{ServerUser}:", Folder], asServerUser: false);
        Run(Path.Combine(bin, "initdb"),
        [
            "-D", DataDirectory, "-U", ServerUser, "--auth-local=trust", "--auth-host=scram-sha-256",
            "--no-locale", "--encoding=UTF8", "--no-sync", "--no-instructions",
        ]);
    }

    /// <summary>Starts on a free port; a port taken between choosing and binding gets another try.</summary>
    private void Launch()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort.Next();
            var options = $"-k {Folder} -h 127.0.0.1 -p {Port} -c fsync=off -c synchronous_commit=off -c full_page_writes=off";
            var (code, output) = Run(Path.Combine(bin, "pg_ctl"),
                ["start", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "30", "-o", options], check: false);
            if (code == 0)
                return;
            if (attempt == 3)
                throw new InvalidOperationException($"pg_ctl start failed ({code}): {output}\n{ReadLog()}");
        }
    }

    private void Stop()
    {
        var (code, _) = Run(Path.Combine(bin, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "10"], check: false);
        if (code == 0)
            return;
        // pg_ctl could not stop it: end the postmaster this fixture started (its pid is the pid file's first line).
        try
        {
            var pid = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First());
            using var postmaster = Process.GetProcessById(pid);
            postmaster.Kill(entireProcessTree: true);
            postmaster.WaitForExit(10_000);
        }
        catch (Exception e) when (e is IOException or FormatException or ArgumentException or InvalidOperationException)
        {
            // Already gone.
        }
    }

    private string ReadLog() => File.Exists(LogFile) ? File.ReadAllText(LogFile) : "(no server log)";

    private static string FindBin()
    {
        var preferred = $"/usr/lib/postgresql/{MajorVersion}/bin";
        if (File.Exists(Path.Combine(preferred, "initdb")))
            return preferred;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
        return onPath ?? throw new InvalidOperationException(
            $"PostgreSQL {MajorVersion} server binaries (initdb, pg_ctl) were not found in {preferred} or on PATH: apt-get install postgresql-{MajorVersion}");
    }

    /// <summary>util-linux's runuser (in sbin, which a CI job's PATH may lack).</summary>
    private static string RunUser =>
        new[] { "/usr/sbin/runuser", "/sbin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";

    /// <summary>Runs a server program, as the <c>postgres</c> user when this process is root.</summary>
    private (int Code, string Output) Run(string file, IReadOnlyList<string> arguments, bool asServerUser = true, bool check = true)
    {
        var start = asServerUser && Environment.IsPrivilegedProcess
            ? new ProcessStartInfo(RunUser) { ArgumentList = { "-u", ServerUser, "--", file } }
            : new ProcessStartInfo(file);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = Folder;
        start.Environment["LC_ALL"] = "C";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within 60 s.");
        }

        process.WaitForExit();
        var text = output.Result + error.Result;
        if (check && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {text}");
        return (process.ExitCode, text);
    }
}
