using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>One key of <c>_sort</c>, with the type of the parameter it sorts by (the same in every type searched).</summary>
internal sealed record SortKey(string Param, bool Descending, SearchParamType Type)
{
    /// <summary>
    /// The parameters whose index rows hold the key's values: <see cref="Param"/> itself, or for an
    /// alias searched as the union of others (<c>combo-code</c>) those others, in every type searched.
    /// </summary>
    public IReadOnlyList<string> StoredAs { get; init; } = [Param];

    /// <summary>The key as written in <c>_sort</c> (<c>-date</c>).</summary>
    public override string ToString() => (Descending ? "-" : string.Empty) + Param;
}
