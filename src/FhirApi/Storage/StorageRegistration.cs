using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Storage;

internal static class StorageRegistration
{
    /// <summary>Registers the FHIR store for the configured provider: a pooled context factory and a scoped <see cref="FhirDbContext"/>.</summary>
    public static IServiceCollection AddFhirStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var provider = configuration.GetValue(StorageOptions.Section + ":Provider", StorageProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Fhir") ?? StorageOptions.DefaultConnectionString;
        switch (provider)
        {
            case StorageProvider.Sqlite:
                var settings = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
                Register<SqliteFhirDbContext>(services, o => ConfigureSqlite(o, connectionString, new SqliteConnectionSettings(settings.SqliteCacheKiB, settings.SqliteWalAutocheckpointPages)));
                break;
            case StorageProvider.PostgreSql:
                Register<PostgreSqlFhirDbContext>(services, o => ConfigurePostgreSql(o, connectionString));
                break;
            case StorageProvider.SqlServer:
                Register<SqlServerFhirDbContext>(services, o => ConfigureSqlServer(o, connectionString));
                break;
            default:
                throw new InvalidOperationException($"Storage:Provider '{provider}' is not one of Sqlite, PostgreSql, SqlServer.");
        }

        services.AddSingleton(new StorageInfo(provider, connectionString));
        return services;
    }

    /// <summary>A pooled factory for the provider's context, the scoped <see cref="FhirDbContext"/> from it, and the factory for work outside requests.</summary>
    private static void Register<TContext>(IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : FhirDbContext
    {
        // "Take without OrderBy" is how the search asks for any N+1 matching ids (is that all of them?):
        // the order is irrelevant there and sorting would cost a pass, so EF's warning is not wanted.
        services.AddPooledDbContextFactory<TContext>(o =>
        {
            configure(o);
            o.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.RowLimitingOperationWithoutOrderByWarning));
        });
        services.AddScoped<FhirDbContext>(sp => sp.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());
        services.AddSingleton<IFhirDbContextFactory, FhirDbContextFactory<TContext>>();
    }

    public static void ConfigureSqlite(DbContextOptionsBuilder options, string connectionString, SqliteConnectionSettings settings)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:" && builder.Mode != SqliteOpenMode.Memory)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
        }

        if (!connectionString.Contains("Default Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.DefaultTimeout = 30;
        }

        options.UseSqlite(builder.ToString(), o => o.MigrationsAssembly(typeof(SqliteFhirDbContext).Assembly.FullName)).AddInterceptors(settings);
    }

    public static void ConfigurePostgreSql(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString);

    public static void ConfigureSqlServer(DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlServer(connectionString);
}
