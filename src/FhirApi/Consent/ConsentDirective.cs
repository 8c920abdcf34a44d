namespace FhirChain.FhirApi.Consents;

/// <summary>The research consent that governs one patient at request time.</summary>
internal sealed record ConsentDirective(string PatientId, string ConsentId, DateTimeOffset Recorded, ConsentRule Rule);
