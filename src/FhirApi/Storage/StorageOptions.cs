using System.ComponentModel.DataAnnotations;

namespace FhirChain.FhirApi.Storage;

/// <summary>The <c>Storage</c> section; the connection string is <c>ConnectionStrings:Fhir</c>.</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    public const string DefaultConnectionString = "Data Source=data/fhirchain.db";

    [EnumDataType(typeof(StorageProvider))]
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;
}
