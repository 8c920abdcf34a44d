namespace FhirChain.FhirApi.Consents;

/// <summary>Patients whose consents say the same and decide by a resource's codes.</summary>
internal sealed record CodeDecidedPatients(ConsentRule Rule, IReadOnlyList<string> PatientIds);
