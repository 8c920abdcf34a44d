using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Search;

/// <summary>One key of <c>_sort</c>, with the type of the parameter it sorts by (the same in every type searched).</summary>
internal sealed record SortKey(string Param, bool Descending, SearchParamType Type)
{
    /// <summary>The key as written in <c>_sort</c> (<c>-date</c>).</summary>
    public override string ToString() => (Descending ? "-" : string.Empty) + Param;
}
