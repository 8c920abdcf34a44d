namespace FhirChain.FhirApi.Storage;

/// <summary>One stored version of one resource: a create, an update or a deletion marker.</summary>
internal sealed class ResourceVersionRow
{
    /// <summary>Surrogate key in commit order; system history pages on it.</summary>
    public long Id { get; set; }

    public required string ResourceType { get; set; }

    public required string ResourceId { get; set; }

    public int VersionId { get; set; }

    /// <summary>meta.lastUpdated as milliseconds since the Unix epoch (UTC), for ordering and <c>_since</c>.</summary>
    public long LastUpdatedMs { get; set; }

    /// <summary>meta.lastUpdated exactly as served; the log leaf binds this text.</summary>
    public required string LastUpdated { get; set; }

    public VersionOperation Operation { get; set; }

    /// <summary>The resource as served in JSON (with meta.versionId and meta.lastUpdated); null for a delete.</summary>
    public string? Json { get; set; }

    /// <summary>Per-version random salt of the content digest; null for a delete.</summary>
    public byte[]? Salt { get; set; }

    /// <summary>Leaf hash of the previous version of this resource; null for the first.</summary>
    public byte[]? PreviousLeafHash { get; set; }

    /// <summary>This version's leaf in the provenance log.</summary>
    public long LeafIndex { get; set; }

    public bool IsDeleted => Operation == VersionOperation.Delete;
}
