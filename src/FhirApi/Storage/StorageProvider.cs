namespace FhirChain.FhirApi.Storage;

/// <summary>The value of the <c>Storage:Provider</c> setting.</summary>
internal enum StorageProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
