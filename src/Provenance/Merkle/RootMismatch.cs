namespace FhirChain.Provenance.Merkle;

/// <summary>The root calculated from the proof is not the expected root.</summary>
/// <param name="RootName">Which root: "root" for inclusion, "old root" or "new root" for consistency.</param>
/// <param name="Expected">The root the caller claimed.</param>
/// <param name="Calculated">The root the proof leads to.</param>
public sealed record RootMismatch(string RootName, byte[] Expected, byte[] Calculated) : VerificationResult
{
    /// <inheritdoc />
    public override bool IsValid => false;

    /// <inheritdoc />
    public override string Reason =>
        $"{RootName} mismatch: expected {Convert.ToHexStringLower(Expected)}, calculated {Convert.ToHexStringLower(Calculated)}";
}
