using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Fhir;

namespace FhirChain.FhirApi.Consents;

/// <summary>Refusals of the consent engine and of compartment rules, as OperationOutcomes.</summary>
internal static class ConsentOutcomes
{
    /// <summary>Diagnostics every consent denial starts with (the audit trail recognises them by it).</summary>
    public const string DeniedPrefix = "Access denied by patient consent";

    public static FhirResponse Denied(string type, string id, bool research) => AuthOutcomes.Forbidden(research
        ? $"{DeniedPrefix}: {type}/{id} is not covered by an active research Consent that permits it."
        : $"{type}/{id} is outside the token's patient compartment.");

    public static FhirResponse OutsideCompartment(string type) => AuthOutcomes.Forbidden(
        $"The {type} would not be in the token's patient compartment: a patient-scoped token may only write its own patient's data.");
}
