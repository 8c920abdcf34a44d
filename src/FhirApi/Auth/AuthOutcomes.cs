using FhirChain.FhirApi.Fhir;
using static Hl7.Fhir.Model.OperationOutcome;

namespace FhirChain.FhirApi.Auth;

/// <summary>Authentication and authorization failures as OperationOutcomes.</summary>
internal static class AuthOutcomes
{
    public static FhirResponse Unauthorized(string diagnostics) =>
        Outcomes.Error(StatusCodes.Status401Unauthorized, IssueType.Login, diagnostics) with
        {
            Headers = new Dictionary<string, string> { ["WWW-Authenticate"] = "Bearer realm=\"fhirchain\"" },
        };

    public static FhirResponse Forbidden(string diagnostics) =>
        Outcomes.Error(StatusCodes.Status403Forbidden, IssueType.Forbidden, diagnostics);

    public static FhirResponse OutOfScope(string resourceType, SmartPermission permission) =>
        Forbidden($"The token's scopes do not allow {permission.ToString().ToLowerInvariant()} on {resourceType}.");
}
