using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>A search parameter as this server knows it: code, type, the FHIRPath that extracts its values, reference targets.</summary>
internal sealed record SearchParameterDefinition(
    string ResourceType,
    string Code,
    SearchParamType Type,
    string? Expression,
    IReadOnlyList<string> Targets,
    string Url);
