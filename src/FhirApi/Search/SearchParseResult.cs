using FhirChain.FhirApi.Fhir;

namespace FhirChain.FhirApi.Search;

/// <summary>A parsed query, or the 400 that says which parameter is wrong.</summary>
internal sealed record SearchParseResult(SearchQuery? Query, FhirResponse? Error);
