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
    /// For a parameter whose values are exactly the union of other parameters' (R4 Observation
    /// <c>combo-code</c> = <c>code</c> | <c>component-code</c>, see <see cref="UnionAliases"/>): their
    /// codes. Such a parameter has no index rows of its own; it is searched over theirs. Null otherwise.
    /// </summary>
    public IReadOnlyList<string>? UnionOf { get; init; }

    /// <summary>The parameters whose index rows hold this one's values: <see cref="UnionOf"/>, or the parameter itself.</summary>
    public IReadOnlyList<string> StoredAs => UnionOf ?? [Code];

    /// <summary>
    /// A composite this server indexes: two components, the first a token and the second a quantity
    /// or a token (Observation <c>code-value-quantity</c>, <c>component-code-value-concept</c>, ...).
    /// </summary>
    public bool IsSupportedComposite =>
        Type == SearchParamType.Composite && Expression is not null && Components.Count == 2
        && Components[0].Type == SearchParamType.Token && Components[1].Type is SearchParamType.Quantity or SearchParamType.Token;
}
