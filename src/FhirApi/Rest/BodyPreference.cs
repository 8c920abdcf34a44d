namespace FhirChain.FhirApi.Rest;

/// <summary>What a write response carries, from <c>Prefer: return=...</c>.</summary>
internal enum BodyPreference
{
    Representation,
    Minimal,
    OperationOutcome,
}
