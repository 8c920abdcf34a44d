namespace FhirChain.FhirApi.Storage;

/// <summary>The single row that sequences appends: writers lock it, append at <see cref="Size"/>, and move it on.</summary>
internal sealed class LogHeadRow
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;

    public long Size { get; set; }

    public required byte[] RootHash { get; set; }
}
