using FhirChain.FhirApi.Storage;

namespace FhirChain.FhirApi.Search;

/// <summary>The index rows extracted from one resource, by table.</summary>
internal sealed class IndexedValues
{
    public List<TokenIndexRow> Tokens { get; } = [];

    public List<StringIndexRow> Strings { get; } = [];

    public List<DateIndexRow> Dates { get; } = [];

    public List<QuantityIndexRow> Quantities { get; } = [];

    public List<ReferenceIndexRow> References { get; } = [];

    public List<UriIndexRow> Uris { get; } = [];

    public int Count => Tokens.Count + Strings.Count + Dates.Count + Quantities.Count + References.Count + Uris.Count;
}
