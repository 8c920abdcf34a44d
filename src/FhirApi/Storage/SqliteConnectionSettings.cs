using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// Per-connection SQLite settings, applied whenever EF opens a connection: a 64 MiB page cache
/// instead of SQLite's 2 MiB. A commit of search index rows touches thousands of index pages; with
/// the default cache they are evicted and re-read while the transaction is still writing them.
/// </summary>
internal sealed class SqliteConnectionSettings : DbConnectionInterceptor
{
    /// <summary>Negative: KiB, not pages.</summary>
    private const string Pragmas = "PRAGMA cache_size = -65536;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = Command(connection);
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = Command(connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        return command;
    }
}
