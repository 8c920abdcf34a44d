namespace FhirChain.Provenance.Merkle;

/// <summary>The leaf index is not inside the tree.</summary>
public sealed record IndexOutOfRange(long Index, long Size) : VerificationResult
{
    /// <inheritdoc />
    public override bool IsValid => false;

    /// <inheritdoc />
    public override string Reason => $"leaf index {Index} is out of range for a tree of {Size} leaves";
}
