namespace FhirChain.FhirApi.Storage;

/// <summary>The newest stored version of a resource (possibly a deletion marker) and its leaf hash.</summary>
internal sealed record CurrentVersion(ResourceVersionRow Row, byte[] LeafHash)
{
    public bool IsDeleted => Row.IsDeleted;

    public int VersionId => Row.VersionId;
}
