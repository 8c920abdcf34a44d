namespace FhirChain.Provenance.Merkle;

/// <summary>The proof is valid.</summary>
public sealed record ProofVerified : VerificationResult
{
    /// <summary>The single instance.</summary>
    public static ProofVerified Instance { get; } = new();

    private ProofVerified()
    {
    }

    /// <inheritdoc />
    public override bool IsValid => true;

    /// <inheritdoc />
    public override string Reason => "verified";
}
