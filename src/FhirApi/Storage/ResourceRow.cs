namespace FhirChain.FhirApi.Storage;

/// <summary>
/// One row per logical resource pointing at its current version: the base set of every search,
/// and the source of <c>_id</c>, <c>_lastUpdated</c> and counts.
/// </summary>
internal sealed class ResourceRow
{
    public required string ResourceType { get; set; }

    public required string ResourceId { get; set; }

    public int VersionId { get; set; }

    public bool IsDeleted { get; set; }

    public long LastUpdatedMs { get; set; }

    /// <summary>The <see cref="ResourceVersionRow.Id"/> of the current version.</summary>
    public long CurrentRowId { get; set; }
}
