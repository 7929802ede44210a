using System.Diagnostics;
using Npgsql;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>
/// Makes a staging clone of a production database on the same server, without ever ending one of the source's
/// sessions:
/// <list type="number">
/// <item>an earlier clone of the same name is dropped (with FORCE: it is a clone, never the source; a database of
/// that name that this recipe did not make is refused, not dropped);</item>
/// <item>when nobody else is connected to the source, <c>CREATE DATABASE clone TEMPLATE source</c>: a file-level copy,
/// several times faster than dump and restore. New sessions on the source wait while it runs;</item>
/// <item>otherwise (the app is connected, or the template copy is refused because someone connected meanwhile, or the
/// deploying role may not use the source as a template) <c>pg_dump | pg_restore</c> into a fresh empty database: a
/// consistent snapshot taken while the app keeps reading and writing.</item>
/// </list>
/// </summary>
/// <remarks>
/// The dump is piped straight into pg_restore rather than written to a temporary file: no disk space the size of the
/// database is needed on the machine running the deploy, and restoring starts while dumping still runs. The price is
/// that pg_restore cannot restore in parallel (<c>-j</c> needs a seekable file), which matters only for databases
/// far larger than a staging clone usually is. The dump is uncompressed (<c>-Z0</c>): it never leaves this machine's
/// pipe, so compressing it would only cost CPU. pg_restore runs with <c>--no-owner</c>: the clone and everything in
/// it belong to the deploying role, which then runs the rehearsal migrations on it.
/// </remarks>
internal sealed class PostgresCloner(PostgresTools tools, TimeSpan toolTimeout)
{
    public const string TemplateMethod = "CREATE DATABASE ... TEMPLATE";

    public CloneResult Clone(string sourceConnection, string cloneName)
    {
        var elapsed = Stopwatch.StartNew();
        CloneName.Validate(cloneName);
        var source = PostgresTarget.Parse(sourceConnection);
        if (source.Database == cloneName)
            throw new ArgumentException(
                $"The clone name \"{cloneName}\" is the source database's own name; a clone needs a name of its own.", nameof(cloneName));

        var doing = $"Cloning {source.Describe()} into \"{cloneName}\"";
        return PostgresFailure.Guard(doing, source, () =>
        {
            using var server = PostgresServer.Connect(source, source.Database, cloneName);
            if (!server.Exists(source.Database))
                throw new PostgresEngineException($"{doing} failed: the source database \"{source.Database}\" does not exist.");
            DropEarlierClone(server, cloneName, doing);

            var fallback = TryTemplateCopy(server, source.Database, cloneName);
            string method;
            if (fallback == null)
            {
                method = TemplateMethod;
                server.MarkAsClone(cloneName, source.Database);
            }
            else
            {
                method = $"pg_dump | pg_restore ({fallback})";
                DumpAndRestore(server, source, cloneName, doing);
            }

            return new CloneResult(source.ConnectionStringFor(cloneName), server.Size(cloneName), elapsed.Elapsed, method);
        });
    }

    private static void DropEarlierClone(PostgresServer server, string cloneName, string doing)
    {
        if (!server.Exists(cloneName))
            return;
        if (!server.IsClone(cloneName))
            throw new PostgresEngineException(
                $"{doing} failed: a database named \"{cloneName}\" already exists and is not a staging clone made by Deploy.Recipes " +
                $"(its comment does not start with \"{PostgresServer.CloneMarker}\"); it was left alone. Choose another clone name.");
        server.DropClone(cloneName);
    }

    /// <summary>
    /// The template copy, when the source is idle: null when done, else why it was not possible (for the method).
    /// </summary>
    private static string? TryTemplateCopy(PostgresServer server, string source, string clone)
    {
        var sessions = server.OtherSessions(source);
        // A session that has just disconnected stays listed until its backend process has exited, a few milliseconds
        // later: look again for half a second before deciding the source is in use (a live app's sessions stay).
        for (var look = 0; sessions > 0 && look < 10; look++)
        {
            Thread.Sleep(50);
            sessions = server.OtherSessions(source);
        }

        if (sessions > 0)
            return $"source has {sessions} live sessions";
        try
        {
            server.CreateFromTemplate(clone, source);
            return null;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
        {
            // "source database ... is being accessed by other users": someone connected after the check.
            return $"source has {Math.Max(1, server.OtherSessions(source))} live sessions";
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // Only the source's owner or a superuser may use it as a template; pg_dump may still read it.
            return "the deploying role may not use the source as a template";
        }
    }

    private void DumpAndRestore(PostgresServer server, PostgresTarget source, string cloneName, string doing)
    {
        server.CreateEmptyLike(cloneName, source.Database);
        server.MarkAsClone(cloneName, source.Database);
        try
        {
            var dump = new ToolCommand(tools.Find("pg_dump", server.MajorVersion),
                ["--format=custom", "--compress=0", ToolCommand.DatabaseArgument(source.Database)], source, source.Database);
            var restore = new ToolCommand(tools.Find("pg_restore", server.MajorVersion),
                ["--no-owner", ToolCommand.DatabaseArgument(cloneName)], source, cloneName);
            ToolProcess.Pipe(dump, restore, doing + " with pg_dump | pg_restore", toolTimeout);
        }
        catch
        {
            // A half-restored clone is worse than none: the rehearsal would run on it.
            try
            {
                server.DropClone(cloneName);
            }
            catch (NpgsqlException)
            {
                // The restore's error is the one to report; the marked clone is dropped by the next Clone or DropClone.
            }

            throw;
        }
    }
}
