namespace FhirChain.FhirApi.Search;

/// <summary>
/// A parsed search across types: the result parameters (<see cref="Control"/>), the types
/// (<c>_type</c>; null for every type) and the criteria every one of them understands, which are
/// built into clauses per type when the search runs.
/// </summary>
internal sealed record SystemSearchQuery(SearchQuery Control, IReadOnlyList<string>? Types, IReadOnlyList<KeyValuePair<string, string>> Criteria);
