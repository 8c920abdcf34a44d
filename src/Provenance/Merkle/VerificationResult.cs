namespace FhirChain.Provenance.Merkle;

/// <summary>
/// The outcome of verifying a proof. A closed hierarchy: <see cref="ProofVerified"/> or one typed
/// failure (<see cref="RootMismatch"/>, <see cref="WrongProofSize"/>, <see cref="IndexOutOfRange"/>,
/// <see cref="InvalidTreeSizes"/>, <see cref="InvalidHashLength"/>).
/// </summary>
public abstract record VerificationResult
{
    private protected VerificationResult()
    {
    }

    /// <summary>True only for <see cref="ProofVerified"/>.</summary>
    public abstract bool IsValid { get; }

    /// <summary>A sentence for humans saying what was checked and what went wrong.</summary>
    public abstract string Reason { get; }
}
