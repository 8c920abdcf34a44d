using FhirChain.FhirApi.Fhir;

namespace FhirChain.FhirApi.Search;

/// <summary>A parsed search across types, or the 400 that says which parameter is wrong.</summary>
internal sealed record SystemSearchParseResult(SystemSearchQuery? Query, FhirResponse? Error)
{
    public static SystemSearchParseResult Failed(FhirResponse error) => new(null, error);
}
