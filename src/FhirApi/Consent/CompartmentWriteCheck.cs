using FhirChain.FhirApi.Search;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Consents;

/// <summary>
/// Whether a resource about to be written falls in one of the allowed patients' compartments (the
/// R4 Patient compartment definition): a Patient by its id, any other type by the patients its
/// compartment parameters reference, all of which must be allowed and at least one present.
/// </summary>
internal sealed class CompartmentWriteCheck(IndexValueExtractor extractor)
{
    public bool IsInside(Resource resource, IReadOnlyList<string> patientIds)
    {
        if (resource is Patient)
        {
            return resource.Id is { } id && patientIds.Contains(id);
        }

        if (!PatientCompartment.Parameters.TryGetValue(resource.TypeName, out var parameters))
        {
            return false;
        }

        var copy = (Resource)resource.DeepCopy();
        copy.Id ??= "pending";
        var patients = extractor.Extract(copy).References
            .Where(r => r.TargetType == "Patient" && r.TargetId is not null && parameters.Contains(r.Param))
            .Select(r => r.TargetId!)
            .Distinct()
            .ToList();
        return patients.Count > 0 && patients.All(patientIds.Contains);
    }
}
