namespace FhirChain.Provenance.Merkle;

/// <summary>A hash given to the verifier is not 32 bytes.</summary>
public sealed record InvalidHashLength(string What, int Length) : VerificationResult
{
    /// <inheritdoc />
    public override bool IsValid => false;

    /// <inheritdoc />
    public override string Reason => $"{What} is {Length} bytes, not 32";
}
