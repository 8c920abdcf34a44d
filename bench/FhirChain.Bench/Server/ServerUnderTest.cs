using FhirChain.FhirApi.Hosting;
using FhirChain.FhirApi.Log;
using FhirChain.FhirApi.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FhirChain.Bench.Server;

/// <summary>The server's services in-process (no HTTP) on a fresh database, with the provenance log on or off.</summary>
internal sealed class ServerUnderTest : IAsyncDisposable
{
    private readonly IHost host;
    private readonly string directory;
    private readonly string? postgresDatabase;

    private ServerUnderTest(IHost host, string directory, string? postgresDatabase)
    {
        this.host = host;
        this.directory = directory;
        this.postgresDatabase = postgresDatabase;
    }

    public IServiceProvider Services => host.Services;

    /// <summary>Starts the services on a fresh SQLite file or PostgreSQL database; <paramref name="settings"/> add to or override the configuration.</summary>
    public static async Task<ServerUnderTest> StartAsync(string database, bool logEnabled, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = Directory.CreateTempSubdirectory("fhirchain-bench-").FullName;
        string connectionString;
        string? pgName = null;
        if (database == "postgres")
        {
            pgName = "fhirchain_bench_" + Guid.NewGuid().ToString("N")[..12];
            await AdminAsync($"CREATE DATABASE {pgName}");
            connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = pgName, MaxPoolSize = 50 }.ToString();
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(directory, "fhir.db")}";
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = database == "postgres" ? "PostgreSql" : "Sqlite",
            ["ConnectionStrings:Fhir"] = connectionString,
            ["Provenance:SigningKeyPath"] = Path.Combine(directory, "log.key"),
            ["Provenance:WitnessPath"] = Path.Combine(directory, "witness"),
            ["Export:Directory"] = Path.Combine(directory, "exports"),
            ["Mllp:Port"] = "0",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddFhirChain(builder.Configuration);
        builder.Services.PostConfigure<ProvenanceOptions>(o => o.DisabledForBenchmark = !logEnabled);
        var host = builder.Build();
        await DatabaseInitializer.InitializeAsync(host.Services.GetRequiredService<IFhirDbContextFactory>(), host.Services.GetRequiredService<StorageInfo>(), CancellationToken.None);
        await host.StartAsync();
        return new ServerUnderTest(host, directory, pgName);
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
        if (postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS {postgresDatabase} WITH (FORCE)");
        }

        Directory.Delete(directory, recursive: true);
    }

    private static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("FHIRCHAIN_TEST_POSTGRES")
        ?? throw new InvalidOperationException("--db postgres needs FHIRCHAIN_TEST_POSTGRES (a connection string whose role may create databases).");

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
