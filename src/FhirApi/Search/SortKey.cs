namespace FhirChain.FhirApi.Search;

/// <summary>One key of <c>_sort</c>.</summary>
internal sealed record SortKey(string Param, bool Descending);
