namespace FhirChain.FhirApi.Search;

/// <summary>One parameter of a parsed query: its definition, modifier and OR-ed values. Clauses are AND-ed.</summary>
internal sealed record SearchClause(SearchParameterDefinition Definition, string? Modifier, IReadOnlyList<SearchValue> Values);
