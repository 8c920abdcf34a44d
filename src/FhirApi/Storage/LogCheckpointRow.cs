namespace FhirChain.FhirApi.Storage;

/// <summary>A signed checkpoint the log has issued.</summary>
internal sealed class LogCheckpointRow
{
    public long TreeSize { get; set; }

    public required byte[] RootHash { get; set; }

    public required string SignedNote { get; set; }

    public long CreatedMs { get; set; }
}
