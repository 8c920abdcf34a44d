namespace FhirChain.FhirApi.Consents;

/// <summary>The <c>Consent</c> section.</summary>
internal sealed class ConsentOptions
{
    public const string Section = "Consent";

    /// <summary><c>deny</c> (opt-in, the default) or <c>permit</c> (opt-out) for patients without an applicable research Consent.</summary>
    public ConsentPolicy DefaultPolicy { get; set; } = ConsentPolicy.Deny;
}
