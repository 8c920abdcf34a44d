using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Read;

/// <summary>FHIR vread: <c>GET [base]/[type]/[id]/_history/[vid]</c>.</summary>
internal sealed record VReadRequest(string Type, string Id, string VersionId) : IRequest<FhirResponse>, Pipeline.IAddressesResource;
