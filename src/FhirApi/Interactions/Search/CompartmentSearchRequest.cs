using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Search;

/// <summary>Compartment search: <c>GET [base]/Patient/{id}/{type}?...</c>.</summary>
internal sealed record CompartmentSearchRequest(string Compartment, string CompartmentId, string Type, IReadOnlyList<KeyValuePair<string, string>> Parameters, bool Strict, string BaseUrl) : IRequest<FhirResponse>, Pipeline.IAddressesResource
{
    string? Pipeline.IAddressesResource.Id => null;
}
