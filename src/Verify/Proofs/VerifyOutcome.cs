namespace FhirChain.Verify.Proofs;

/// <summary>The verdict of a verification: verified, or the step that failed and why.</summary>
internal sealed record VerifyOutcome(bool Verified, string Reason)
{
    public static VerifyOutcome Success { get; } = new(true, "verified");

    public static VerifyOutcome Fail(string reason) => new(false, reason);

    /// <summary>The line printed on stdout.</summary>
    public string ToDisplay() => Verified ? "verified" : $"NOT verified: {Reason}";
}
