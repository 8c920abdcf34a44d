using FhirChain.FhirApi.Fhir;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// The write side of the request's <see cref="DataScope"/>, checked where every write passes
/// (<see cref="Interactions.ResourceWriter"/> and the patch step, for single interactions and bundle
/// entries alike): a restricted caller may change or delete only a stored resource it may see, and a
/// patient-scoped caller may store only content inside its patient's compartment.
/// </summary>
internal sealed class WriteAccess(DataScope scope, ResourceVisibility visibility, CompartmentWriteCheck compartments)
{
    /// <summary>403 when the caller may not change or delete this stored resource; null when it may (or nothing is stored there).</summary>
    public async Task<FhirResponse?> CheckTargetAsync(string type, string id, CancellationToken cancellationToken) =>
        await visibility.CanSeeAsync(type, id, cancellationToken) ? null : ConsentOutcomes.Denied(type, id, scope.Caller.IsResearch);

    /// <summary>403 when the content would fall outside the caller's patient compartment; null otherwise.</summary>
    public FhirResponse? CheckContent(Resource content) =>
        scope.Compartments is { } allowed && !compartments.IsInside(content, allowed) ? ConsentOutcomes.OutsideCompartment(content.TypeName) : null;
}
