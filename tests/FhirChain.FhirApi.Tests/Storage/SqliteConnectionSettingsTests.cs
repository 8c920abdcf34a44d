using System.Globalization;
using FhirChain.FhirApi.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Tests.Storage;

/// <summary>SQLite connections get the page cache and WAL checkpoint interval of <c>Storage:</c> (defaults 64 MiB, 16,384 pages).</summary>
public sealed class SqliteConnectionSettingsTests
{
    [Fact]
    public async System.Threading.Tasks.Task Sqlite_connections_use_the_default_cache_and_checkpoint_interval()
    {
        await using var server = await TestServer.StartAsync(DatabaseKind.Sqlite);

        (await PragmaAsync(server, "cache_size")).ShouldBe(-65_536);
        (await PragmaAsync(server, "wal_autocheckpoint")).ShouldBe(16_384);
    }

    [Fact]
    public async System.Threading.Tasks.Task Sqlite_connections_use_the_configured_cache_and_checkpoint_interval()
    {
        await using var server = await TestServer.StartAsync(DatabaseKind.Sqlite, new() { ["Storage:SqliteCacheKiB"] = "2000", ["Storage:SqliteWalAutocheckpointPages"] = "1000" });

        (await PragmaAsync(server, "cache_size")).ShouldBe(-2_000);
        (await PragmaAsync(server, "wal_autocheckpoint")).ShouldBe(1_000);
    }

    private static async Task<long> PragmaAsync(TestServer server, string pragma)
    {
        await using var db = server.CreateDbContext();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {pragma}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
