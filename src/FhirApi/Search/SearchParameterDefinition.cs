using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>A search parameter as this server knows it: code, type, the FHIRPath that extracts its values, reference targets.</summary>
internal sealed record SearchParameterDefinition(
    string ResourceType,
    string Code,
    SearchParamType Type,
    string? Expression,
    IReadOnlyList<string> Targets,
    string Url)
{
    /// <summary>For a composite: its components, in order; empty otherwise.</summary>
    public IReadOnlyList<CompositePart> Components { get; init; } = [];

    /// <summary>
    /// A composite this server indexes: two components, the first a token and the second a quantity
    /// or a token (Observation <c>code-value-quantity</c>, <c>component-code-value-concept</c>, ...).
    /// </summary>
    public bool IsSupportedComposite =>
        Type == SearchParamType.Composite && Expression is not null && Components.Count == 2
        && Components[0].Type == SearchParamType.Token && Components[1].Type is SearchParamType.Quantity or SearchParamType.Token;
}
