using Microsoft.Data.Sqlite;

namespace Shop.Data;

/// <summary>An IMMEDIATE transaction holding this process's write turn; disposing it without commit rolls back.</summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly SqliteTransaction _transaction;
    private readonly SemaphoreSlim _writeTurn;

    internal WriteTransaction(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim writeTurn)
    {
        Connection = connection;
        _transaction = transaction;
        _writeTurn = writeTurn;
    }

    public SqliteConnection Connection { get; }

    public SqliteCommand CreateCommand(string sql)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    public Task CommitAsync(CancellationToken cancellationToken) => _transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            _writeTurn.Release();
        }
    }
}
