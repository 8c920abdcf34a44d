namespace FhirChain.FhirApi.Tests.Infrastructure;

/// <summary>
/// The databases tests run against. SQLite always; PostgreSQL when <c>FHIRCHAIN_TEST_POSTGRES</c>
/// names a server (a connection string whose role may create databases). In CI (<c>CI=true</c>)
/// PostgreSQL is required: a missing connection string fails those tests instead of skipping them.
/// </summary>
public static class Databases
{
    public const string PostgresVariable = "FHIRCHAIN_TEST_POSTGRES";

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value ? value : null;

    public static bool PostgresRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool PostgresAvailable => PostgresConnectionString is not null || PostgresRequired;

    /// <summary>Every database this run tests.</summary>
    public static IEnumerable<DatabaseKind> Kinds => PostgresAvailable ? [DatabaseKind.Sqlite, DatabaseKind.PostgreSql] : [DatabaseKind.Sqlite];

    /// <summary>For <c>[MemberData]</c>: every database this run tests.</summary>
    public static TheoryData<DatabaseKind> All => new(Kinds);
}
