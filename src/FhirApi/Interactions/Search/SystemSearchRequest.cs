using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Search;

/// <summary>FHIR search across types: <c>GET [base]?_type=...</c> or <c>POST [base]/_search</c>.</summary>
internal sealed record SystemSearchRequest(IReadOnlyList<KeyValuePair<string, string>> Parameters, bool Strict, string BaseUrl) : IRequest<FhirResponse>
{
    /// <summary>The types named by <c>_type</c>; empty when every type is searched.</summary>
    public IReadOnlyList<string> Types =>
        [.. Parameters.Where(p => p.Key == "_type").SelectMany(p => p.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];
}
