namespace FhirChain.Provenance.Merkle;

/// <summary>The proof does not have the number of hashes the tree sizes call for.</summary>
public sealed record WrongProofSize(int Expected, int Actual) : VerificationResult
{
    /// <inheritdoc />
    public override bool IsValid => false;

    /// <inheritdoc />
    public override string Reason => $"wrong proof size: expected {Expected} hashes, got {Actual}";
}
