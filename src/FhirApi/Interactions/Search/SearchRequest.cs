using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Search;

/// <summary>FHIR search at type level: <c>GET [base]/[type]?...</c> or <c>POST [base]/[type]/_search</c>.</summary>
internal sealed record SearchRequest(string Type, IReadOnlyList<KeyValuePair<string, string>> Parameters, bool Strict, string BaseUrl) : IRequest<FhirResponse>, Pipeline.IAddressesResource
{
    string? Pipeline.IAddressesResource.Id => null;
}
