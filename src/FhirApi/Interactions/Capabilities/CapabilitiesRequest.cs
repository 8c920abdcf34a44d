using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Capabilities;

/// <summary><c>GET [base]/metadata</c>.</summary>
internal sealed record CapabilitiesRequest(string BaseUrl) : IRequest<FhirResponse>;
