using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Read;

/// <summary>FHIR read: <c>GET [base]/[type]/[id]</c>, with <c>If-None-Match</c> and <c>If-Modified-Since</c>.</summary>
internal sealed record ReadRequest(string Type, string Id, string? IfNoneMatch = null, DateTimeOffset? IfModifiedSince = null) : IRequest<FhirResponse>, Pipeline.IAddressesResource;
