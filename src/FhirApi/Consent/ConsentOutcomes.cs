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

    /// <summary>
    /// Conditional criteria that match only resources the caller may not see: creating would store a
    /// second resource beside them (a duplicate business identifier), so the write is refused. The
    /// answer says that a hidden match exists, and nothing about it.
    /// </summary>
    public static FhirResponse HiddenMatch(string type, string criteria) => AuthOutcomes.Forbidden(
        $"The conditional criteria '{criteria}' match a {type} this token may not see; a conditional create or update here would store a second one, so it is refused.");

    public static FhirResponse OutsideCompartment(string type) => AuthOutcomes.Forbidden(
        $"The {type} would not be in the token's patient compartment: a patient-scoped token may only write its own patient's data.");
}
