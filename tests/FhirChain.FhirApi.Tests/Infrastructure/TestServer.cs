using FhirChain.FhirApi.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FhirChain.FhirApi.Tests.Infrastructure;

/// <summary>
/// The real server (<c>Program</c>) over HTTP, on a database of its own: a SQLite file in a temp
/// folder, or a freshly created PostgreSQL database that is dropped on dispose.
/// </summary>
public sealed class TestServer : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private bool ownsDatabase;

    private TestServer(DatabaseKind kind, string directory, string connectionString, Dictionary<string, string?> extra, bool ownsDatabase = true)
    {
        this.ownsDatabase = ownsDatabase;
        Kind = kind;
        Directory = directory;
        ConnectionString = connectionString;
        settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = kind == DatabaseKind.Sqlite ? "Sqlite" : "PostgreSql",
            ["ConnectionStrings:Fhir"] = connectionString,
            ["Provenance:SigningKeyPath"] = Path.Combine(directory, "log-signing.key"),
            ["Provenance:WitnessPath"] = Path.Combine(directory, "log-witness.checkpoint"),
            ["Mllp:Port"] = "0",
            // AuditEvents are log leaves written in the background; tests that count leaves or
            // versions run without them, the audit tests (SecuredServer) turn them on.
            ["Audit:Enabled"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
    }

    public DatabaseKind Kind { get; }

    public string Directory { get; }

    public string ConnectionString { get; }

    /// <summary>A server on a new, empty database.</summary>
    public static async Task<TestServer> StartAsync(DatabaseKind kind, Dictionary<string, string?>? extra = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "fhirchain-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var connectionString = kind == DatabaseKind.Sqlite
            ? $"Data Source={Path.Combine(directory, "fhir.db")}"
            : await CreatePostgresDatabaseAsync();
        var server = new TestServer(kind, directory, connectionString, extra ?? []);
        _ = server.Server; // start now, so migrations run before the first test request
        return server;
    }

    /// <summary>A second server process on the same database and log key (for multi-instance tests).</summary>
    public TestServer Twin()
    {
        var twinDirectory = Path.Combine(Directory, "twin-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(twinDirectory);
        File.Copy(Path.Combine(Directory, "log-signing.key"), Path.Combine(twinDirectory, "log-signing.key"));
        var twin = new TestServer(Kind, twinDirectory, ConnectionString, [], ownsDatabase: false);
        _ = twin.Server;
        return twin;
    }

    /// <summary>
    /// Stops this server and starts a new one on the same database, folder and settings (plus
    /// <paramref name="extra"/>), as a restart of the same installation; the new server owns the database.
    /// </summary>
    public async Task<TestServer> RestartAsync(Dictionary<string, string?>? extra = null)
    {
        var owned = ownsDatabase;
        ownsDatabase = false;
        await DisposeAsync();
        var merged = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in extra ?? [])
        {
            merged[key] = value;
        }

        var restarted = new TestServer(Kind, Directory, ConnectionString, merged, owned);
        _ = restarted.Server;
        return restarted;
    }

    /// <summary>A context on this server's database, for tests that look at or tamper with storage directly.</summary>
    internal FhirDbContext CreateDbContext() => Services.GetRequiredService<IFhirDbContextFactory>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting (not ConfigureAppConfiguration) so Program sees these while it registers services.
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Kind == DatabaseKind.PostgreSql && ownsDatabase)
        {
            await DropPostgresDatabaseAsync(ConnectionString);
        }
    }

    private static string AdminConnectionString =>
        Databases.PostgresConnectionString
        ?? throw new InvalidOperationException($"PostgreSQL tests need {Databases.PostgresVariable} (a connection string to a server where the role may create databases); CI=true makes them required.");

    private static async Task<string> CreatePostgresDatabaseAsync()
    {
        var name = "fhirchain_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, Pooling = true }.ToString();
    }

    private static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
