using System.ComponentModel.DataAnnotations;

namespace FhirChain.FhirApi.Storage;

/// <summary>The <c>Storage</c> section; the connection string is <c>ConnectionStrings:Fhir</c>.</summary>
internal sealed class StorageOptions
{
    public const string Section = "Storage";

    public const string DefaultConnectionString = "Data Source=data/fhirchain.db";

    [EnumDataType(typeof(StorageProvider))]
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// SQLite page cache per connection, in KiB (SQLite's default is 2,000). A commit of search index
    /// rows dirties thousands of index pages; a cache smaller than that spills them to the WAL and
    /// reads them back while the transaction is still writing. The cache only grows as pages are used.
    /// </summary>
    [Range(1_000, 4_194_304)]
    public int SqliteCacheKiB { get; set; } = 65_536;

    /// <summary>
    /// WAL pages after which a commit checkpoints (SQLite's default is 1,000, 4 MiB). An indexed batch
    /// commit writes more than that, so at the default every such commit also copied all its pages
    /// into the database file and synced it; at 16,384 (64 MiB) a checkpoint comes every few commits
    /// and copies an index page dirtied by several of them once.
    /// </summary>
    [Range(100, 1_048_576)]
    public int SqliteWalAutocheckpointPages { get; set; } = 16_384;
}
