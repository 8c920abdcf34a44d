namespace FhirChain.FhirApi.Tests.Infrastructure;

public enum DatabaseKind
{
    Sqlite,
    PostgreSql,
}
