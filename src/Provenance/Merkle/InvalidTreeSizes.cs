namespace FhirChain.Provenance.Merkle;

/// <summary>The two tree sizes of a consistency check cannot be related by a proof.</summary>
public sealed record InvalidTreeSizes(long Size1, long Size2, string Detail) : VerificationResult
{
    /// <inheritdoc />
    public override bool IsValid => false;

    /// <inheritdoc />
    public override string Reason => $"invalid tree sizes {Size1} -> {Size2}: {Detail}";
}
