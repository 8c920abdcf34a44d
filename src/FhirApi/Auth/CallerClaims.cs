namespace FhirChain.FhirApi.Auth;

/// <summary>The token claims the server reads.</summary>
internal static class CallerClaims
{
    public const string Scope = "scope";
    public const string Subject = "sub";
    public const string ClientId = "client_id";
    public const string PurposeOfUse = "purpose_of_use";
    public const string Patient = "patient";
    public const string FhirUser = "fhirUser";

    /// <summary>HL7 v3 PurposeOfUse "healthcare research": the purpose that makes a client a research client.</summary>
    public const string Research = "HRESCH";
}
