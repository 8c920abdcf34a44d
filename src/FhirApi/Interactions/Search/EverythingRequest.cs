using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Search;

/// <summary><c>GET [base]/Patient/{id}/$everything</c>.</summary>
internal sealed record EverythingRequest(string PatientId, IReadOnlyList<KeyValuePair<string, string>> Parameters, string BaseUrl) : IRequest<FhirResponse>, Pipeline.IAddressesResource
{
    string Pipeline.IAddressesResource.Type => "Patient";

    string? Pipeline.IAddressesResource.Id => PatientId;
}
