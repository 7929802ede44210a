using Microsoft.Data.Sqlite;

namespace Deploy.Recipes.Benchmarks;

/// <summary>Plays the app during the SQLite measurements: small write transactions, one every millisecond or so, until disposed.</summary>
internal sealed class AppWriter : IDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly Task writing;

    public AppWriter(string connection, long firstId)
    {
        writing = Task.Run(() =>
        {
            using var db = new SqliteConnection(connection);
            db.Open();
            using var command = db.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout=60000";
            command.ExecuteNonQuery();
            for (var id = firstId; !stop.IsCancellationRequested; id++)
            {
                command.CommandText = $"INSERT INTO data VALUES ({id}, randomblob(1000)); UPDATE data SET payload = randomblob(1000) WHERE id = {id % firstId + 1};";
                command.ExecuteNonQuery();
                Transactions++;
                Thread.Sleep(1);
            }
        });
    }

    /// <summary>Write transactions committed so far.</summary>
    public long Transactions { get; private set; }

    public void Dispose()
    {
        stop.Cancel();
        writing.Wait();
        stop.Dispose();
    }
}
