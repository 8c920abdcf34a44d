namespace FhirChain.FhirApi.Storage;

/// <summary>Which resource version a leaf of the provenance log stands for. Holds no content.</summary>
internal sealed class LogLeafRow
{
    public long LeafIndex { get; set; }

    public required byte[] LeafHash { get; set; }

    public required string ResourceType { get; set; }

    public required string ResourceId { get; set; }

    public int VersionId { get; set; }
}
