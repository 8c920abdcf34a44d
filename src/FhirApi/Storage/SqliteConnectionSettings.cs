using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FhirChain.FhirApi.Storage;

/// <summary>
/// Per-connection SQLite settings, applied whenever EF opens a connection: the page cache size and
/// the WAL auto-checkpoint threshold from <see cref="StorageOptions"/> (why: see there). Durability
/// settings (WAL, FULL sync) are untouched.
/// </summary>
internal sealed class SqliteConnectionSettings(int cacheKiB, int walAutocheckpointPages) : DbConnectionInterceptor
{
    /// <summary>A negative cache size is in KiB, not pages.</summary>
    private readonly string pragmas = string.Create(CultureInfo.InvariantCulture, $"PRAGMA cache_size = -{cacheKiB}; PRAGMA wal_autocheckpoint = {walAutocheckpointPages};");

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

    private DbCommand Command(DbConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = pragmas;
        return command;
    }
}
