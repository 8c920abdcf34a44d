using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Hosting;

/// <summary>Before the server takes requests: applies pending EF migrations and creates the log head of a new database.</summary>
internal sealed partial class DatabaseInitializer(IFhirDbContextFactory contexts, StorageInfo storage, ILogger<DatabaseInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await InitializeAsync(contexts, storage, cancellationToken);
        LogMigrated(storage.Provider.ToString());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public static async Task InitializeAsync(IFhirDbContextFactory contexts, StorageInfo storage, CancellationToken cancellationToken)
    {
        await using var db = contexts.CreateDbContext();
        await db.Database.MigrateAsync(cancellationToken);
        if (storage.Provider == StorageProvider.Sqlite)
        {
            // WAL lets readers proceed while a writer commits; FULL sync keeps a commit durable before an HL7 ACK is sent.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            await SqlitePlannerStatistics.WriteAsync(db, cancellationToken);
        }

        await ProvenanceLog.EnsureHeadAsync(db, cancellationToken);
    }

    [LoggerMessage(EventId = LogEvents.SchemaMigrated, Level = LogLevel.Information, Message = "Database schema is up to date ({Provider})")]
    private partial void LogMigrated(string provider);
}
