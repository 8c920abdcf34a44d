using FhirChain.FhirApi.Fhir;
using Mediator;

namespace FhirChain.FhirApi.Interactions.Patch;

/// <summary>FHIR patch: <c>PATCH [base]/[type]/[id]</c>, or conditional (<c>PATCH [base]/[type]?criteria</c>).</summary>
internal sealed record PatchRequest(string Type, string? Id, string? Criteria, PatchDocument Patch, WriteConditions Conditions) : IRequest<FhirResponse>, Pipeline.IAddressesResource;
