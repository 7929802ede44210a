using Npgsql;

namespace Deploy.Recipes.Database.Postgres;

/// <summary>Turns driver errors into <see cref="PostgresEngineException"/>s that say what was being done, redacted.</summary>
internal static class PostgresFailure
{
    public static T Guard<T>(string doing, PostgresTarget target, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (NpgsqlException e)
        {
            // Npgsql's messages carry no connection string; redacted all the same, in case one ever does.
            throw new PostgresEngineException($"{doing} failed: {target.Redact(e.Message)}", e);
        }
        catch (TimeoutException e)
        {
            throw new PostgresEngineException($"{doing} failed: {target.Redact(e.Message)}", e);
        }
    }

    public static void Guard(string doing, PostgresTarget target, Action action) =>
        Guard(doing, target, () =>
        {
            action();
            return true;
        });
}
