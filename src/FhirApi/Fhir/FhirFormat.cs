namespace FhirChain.FhirApi.Fhir;

/// <summary>The two FHIR wire formats this server speaks.</summary>
internal enum FhirFormat
{
    Json,
    Xml,
}
