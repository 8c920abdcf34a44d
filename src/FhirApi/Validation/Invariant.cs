namespace FhirChain.FhirApi.Validation;

/// <summary>A FHIR constraint: its key, the element it applies to (FHIRPath from the resource), its human text and its FHIRPath test.</summary>
internal sealed record Invariant(string Key, string Context, string Human, string Expression);
